package org.scr4j.advice;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One checkpoint as the log measured it.
 *
 * @param id      the dataset id
 * @param level   the descriptor id (scr.ckpt.N) it went to
 * @param seconds what the application waited, from startOutput to the commit (a flush comes after)
 * @param flush   its flush, if the job itself flushed it in the same run
 */
public record MeasuredCheckpoint(long id, int level, String tier, String scheme, double seconds, Optional<Flush> flush) {
    public MeasuredCheckpoint {
        requireNonNull(tier, "tier is null");
        requireNonNull(scheme, "scheme is null");
        requireNonNull(flush, "flush is null");
    }

    /**
     * A flush to the prefix: a synchronous one keeps the application waiting; an asynchronous one
     * runs while it computes.
     */
    public record Flush(double seconds, boolean async) {
    }

    MeasuredCheckpoint withFlush(Flush f) {
        return new MeasuredCheckpoint(id, level, tier, scheme, seconds, Optional.of(f));
    }

    /** What the application waited for this checkpoint, its synchronous flush included. */
    public double secondsWithFlush() {
        return seconds + flush.filter(f -> !f.async()).map(Flush::seconds).orElse(0.0);
    }
}
