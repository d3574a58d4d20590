package org.scr4j.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * SCR's needCheckpoint rules: every Nth call, after so many seconds, or while the measured cost
 * stays under a share of run time. With none configured the application's own cadence decides,
 * so every call answers true.
 */
final class CheckpointAdvisor {
    private final int interval;
    private final long seconds;
    private final double overheadPercent;

    CheckpointAdvisor(int interval, long seconds, double overheadPercent) {
        this.interval = interval;
        this.seconds = seconds;
        this.overheadPercent = overheadPercent;
    }

    /**
     * @param calls    how many times needCheckpoint has been called in this run, this call included
     * @param since    when the last checkpoint ended, or when the run started
     * @param meanCost the mean cost of this run's checkpoints, if any completed
     */
    boolean need(long calls, Instant now, Instant since, Optional<Duration> meanCost) {
        if (interval <= 0 && seconds <= 0 && overheadPercent <= 0) {
            return true;
        }
        if (interval > 0 && calls % interval == 0) {
            return true;
        }
        if (seconds > 0 && Duration.between(since, now).getSeconds() >= seconds) {
            return true;
        }
        if (overheadPercent > 0) {
            if (meanCost.isEmpty()) {
                return true; // nothing measured yet: take one to learn the cost
            }
            double cost = meanCost.get().toNanos();
            double elapsed = Duration.between(since, now).toNanos();
            return cost / (elapsed + cost) * 100.0 < overheadPercent;
        }
        return false;
    }
}
