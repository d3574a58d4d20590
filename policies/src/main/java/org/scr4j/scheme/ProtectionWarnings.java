package org.scr4j.scheme;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.scr4j.group.Group;
import org.slf4j.Logger;

/**
 * Says once per scheme and options, on rank 0, which ranks a plan leaves with less protection than
 * asked: ranks no set could take (they keep SINGLE's), and sets too small for their parity.
 */
final class ProtectionWarnings {
    private final Set<SchemeOptions> said = ConcurrentHashMap.newKeySet();

    /** @param shortSets what to say about sets with less than the asked protection, or null */
    void warn(Logger log, Group group, String scheme, SetPlan plan, SchemeOptions options, String shortSets) {
        if (group.rank() != 0 || (plan.unprotected().isEmpty() && shortSets == null) || !said.add(options)) {
            return;
        }
        if (!plan.unprotected().isEmpty()) {
            log.warn("{} cannot put rank(s) {} in a redundancy set with ranks of other failure groups (scr.set.size {}): they are"
                    + " protected as SINGLE only and do not survive the loss of their node. Fix: spread the ranks evenly over more"
                    + " nodes", scheme, plan.unprotected().stream().map(r -> r + " (" + options.failureGroups().get(r) + ")")
                            .collect(Collectors.joining(", ")), options.setSize());
        }
        if (shortSets != null) {
            log.warn("{}: {}", scheme, shortSets);
        }
    }
}
