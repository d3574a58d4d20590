package org.scr4j.advice;

import java.util.Optional;

/**
 * A mean time between failures, measured: run time over failures. With no failure seen it is only
 * known to be at least the run time (a lower bound), which is what the advice then uses: the
 * intervals it gives are shorter than the optimum, never longer.
 */
public record Mtbf(double seconds, int failures, double runSeconds) {
    /** Empty when there is no run time to measure against. */
    static Optional<Mtbf> of(int failures, double runSeconds) {
        if (!(runSeconds > 0)) {
            return Optional.empty();
        }
        return Optional.of(new Mtbf(failures == 0 ? runSeconds : runSeconds / failures, failures, runSeconds));
    }

    public boolean lowerBound() {
        return failures == 0;
    }
}
