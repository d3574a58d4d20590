package org.scr4j.engine;

import java.util.Map;
import org.scr4j.ScrException;

/**
 * The failure group of this rank: what fails as a whole, so no redundancy set puts two of its
 * members there. SCR_GROUP (scr.group, or a descriptor's GROUP) is NODE, or the name of an
 * environment variable that the site sets to the rack, switch or power domain.
 */
final class FailureGroup {
    static final String NODE = "NODE";

    private FailureGroup() {
    }

    static String of(String spec, String node, Map<String, String> env) {
        if (spec.isBlank() || spec.equalsIgnoreCase(NODE)) {
            return node;
        }
        String value = env.get(spec);
        if (value == null || value.isBlank()) {
            throw new ScrException("scr.group (SCR_GROUP) is '" + spec + "', so each rank's failure group is the value of the"
                    + " environment variable " + spec + ", but it is not set on node " + node + ". Fix: set " + spec
                    + " on every node (to its rack or switch, say), or set SCR_GROUP=NODE");
        }
        return value;
    }
}
