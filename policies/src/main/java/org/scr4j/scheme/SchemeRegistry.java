package org.scr4j.scheme;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The bound schemes, and the choice of the one that protects a level on the job's failure groups. */
public final class SchemeRegistry {
    private final Map<String, RedundancyScheme> schemes;

    @Inject
    public SchemeRegistry(Map<String, RedundancyScheme> schemes) {
        this.schemes = new TreeMap<>(requireNonNull(schemes, "schemes is null"));
    }

    /** The scheme of that name, or an error that lists the available ones. */
    public RedundancyScheme get(String name) {
        RedundancyScheme scheme = schemes.get(name);
        if (scheme == null) {
            throw new IllegalArgumentException("redundancy scheme " + name + " is not available in this scr4j (available: "
                    + String.join(", ", schemes.keySet()) + "). Fix: set SCR_COPY_TYPE or the descriptor's TYPE to one of them");
        }
        return scheme;
    }

    /** The scheme a level gets, and why it is not the one it asked for. */
    public record Resolved(RedundancyScheme scheme, Optional<String> fallback) {
    }

    /**
     * The scheme for a level that asks for {@code requested}. As in SCR, a scheme that cannot
     * protect anything on the job's failure groups (one node, say) falls back to SINGLE, with the
     * reason for the caller to log.
     */
    public Resolved resolve(String requested, SchemeOptions options) {
        RedundancyScheme scheme = get(requested);
        Optional<String> why = scheme.cannotProtect(options);
        return why.isPresent() ? new Resolved(get(SingleScheme.NAME), why) : new Resolved(scheme, Optional.empty());
    }
}
