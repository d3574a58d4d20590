package org.scr4j.tier;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The result of checking a tier: healthy when {@link #problems()} is empty; each problem is a
 * sentence that names what is wrong and how to fix it.
 */
public record TierHealth(String tier, List<String> problems) {
    public TierHealth {
        requireNonNull(tier, "tier is null");
        problems = List.copyOf(problems);
    }

    public boolean healthy() {
        return problems.isEmpty();
    }

    /** Throws a {@link TierException} carrying every problem, or returns when there is none. */
    public void orThrow() throws TierException {
        if (!healthy()) {
            throw new TierException(String.join("; ", problems));
        }
    }
}
