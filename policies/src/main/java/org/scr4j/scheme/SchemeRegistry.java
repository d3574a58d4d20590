package org.scr4j.scheme;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import java.util.Map;
import java.util.TreeMap;

/** The bound schemes, and the choice of the one that protects a level on the job's nodes. */
public final class SchemeRegistry {
    private final Map<String, RedundancyScheme> schemes;

    @Inject
    public SchemeRegistry(Map<String, RedundancyScheme> schemes) {
        this.schemes = new TreeMap<>(requireNonNull(schemes, "schemes is null"));
    }

    /**
     * The scheme for a level that asks for {@code requested} on a job spanning {@code nodes} nodes.
     * As in SCR, a scheme that needs more nodes than the job has falls back to SINGLE: there is no
     * other node to protect against. The caller says so once.
     */
    public RedundancyScheme resolve(String requested, int nodes) {
        RedundancyScheme scheme = schemes.get(requested);
        if (nodes < 2 && !requested.equals(SingleScheme.NAME)) {
            return schemes.get(SingleScheme.NAME);
        }
        if (scheme == null) {
            throw new IllegalArgumentException("redundancy scheme " + requested + " is not available in this scr4j (available: "
                    + String.join(", ", schemes.keySet()) + "). Fix: set SCR_COPY_TYPE or the descriptor's TYPE to one of them");
        }
        if (nodes < scheme.minimumNodes()) {
            return schemes.get(SingleScheme.NAME);
        }
        return scheme;
    }
}
