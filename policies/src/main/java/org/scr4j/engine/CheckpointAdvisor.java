package org.scr4j.engine;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * SCR's needCheckpoint rules: every Nth call, after so many seconds, or while the measured cost
 * stays under a share of run time. With none configured the application's own cadence decides,
 * so every call answers true. With scr.checkpoint.interval.auto, an advised interval (Daly's, from
 * the event log) replaces all three once there is one; until then they decide as before.
 */
final class CheckpointAdvisor {
    /** No advised interval: the configured rules alone decide. */
    static final Supplier<Optional<Duration>> NO_ADVICE = Optional::empty;

    private final int interval;
    private final long seconds;
    private final double overheadPercent;
    private final Supplier<Optional<Duration>> advised;

    CheckpointAdvisor(int interval, long seconds, double overheadPercent) {
        this(interval, seconds, overheadPercent, NO_ADVICE);
    }

    /** @param advised the interval to leave between checkpoints, asked at every decision; empty while there is no advice */
    CheckpointAdvisor(int interval, long seconds, double overheadPercent, Supplier<Optional<Duration>> advised) {
        this.interval = interval;
        this.seconds = seconds;
        this.overheadPercent = overheadPercent;
        this.advised = requireNonNull(advised, "advised is null");
    }

    /**
     * @param calls    how many times needCheckpoint has been called in this run, this call included
     * @param since    when the last checkpoint ended, or when the run started
     * @param meanCost the mean cost of this run's checkpoints, if any completed
     */
    boolean need(long calls, Instant now, Instant since, Optional<Duration> meanCost) {
        Optional<Duration> advice = advised.get();
        if (advice.isPresent()) {
            // The advice is the whole answer: OR-ed with the rules, "none configured" (every call) would always win.
            return Duration.between(since, now).compareTo(advice.get()) >= 0;
        }
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
