package org.scr4j.control;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The halt file's content, SCR's halt conditions: stop after N more checkpoints, before or after a
 * time, when fewer than N seconds of the allocation are left, or at once for a reason. Every field
 * optional; {@link #NONE} means "no halt requested".
 *
 * @param immediate the job must not wait for its next checkpoint or exit check: the launcher kills a
 *                  running step at once. Only with a reason, which is what the job and the launcher
 *                  report; so clearing the reason clears this too.
 */
public record HaltRecord(OptionalInt checkpoints, Optional<Instant> exitBefore, Optional<Instant> exitAfter,
        OptionalLong seconds, Optional<String> reason, boolean immediate) {

    public static final HaltRecord NONE = new HaltRecord(OptionalInt.empty(), Optional.empty(), Optional.empty(),
            OptionalLong.empty(), Optional.empty(), false);

    /** Reason written by Scr.close(): the job finished, the launcher stops relaunching. */
    public static final String FINALIZE_CALLED = "SCR_FINALIZE_CALLED";

    public HaltRecord {
        requireNonNull(checkpoints, "checkpoints is null");
        requireNonNull(exitBefore, "exitBefore is null");
        requireNonNull(exitAfter, "exitAfter is null");
        requireNonNull(seconds, "seconds is null");
        requireNonNull(reason, "reason is null");
        if (seconds.isPresent() && seconds.getAsLong() < 0) {
            throw new IllegalArgumentException("halt seconds must not be negative, not " + seconds.getAsLong());
        }
        if (reason.isPresent() && reason.get().isBlank()) {
            throw new IllegalArgumentException("a halt reason must not be blank");
        }
        if (immediate && reason.isEmpty()) {
            throw new IllegalArgumentException("an immediate halt needs a reason, which the job and the launcher report");
        }
    }

    /** A halt at the job's next opportunity (not immediate): the record as it was before immediate existed. */
    public HaltRecord(OptionalInt checkpoints, Optional<Instant> exitBefore, Optional<Instant> exitAfter,
            OptionalLong seconds, Optional<String> reason) {
        this(checkpoints, exitBefore, exitAfter, seconds, reason, false);
    }

    public HaltRecord withCheckpoints(OptionalInt checkpoints) {
        return new HaltRecord(checkpoints, exitBefore, exitAfter, seconds, reason, immediate);
    }

    public HaltRecord withExitBefore(Optional<Instant> exitBefore) {
        return new HaltRecord(checkpoints, exitBefore, exitAfter, seconds, reason, immediate);
    }

    public HaltRecord withExitAfter(Optional<Instant> exitAfter) {
        return new HaltRecord(checkpoints, exitBefore, exitAfter, seconds, reason, immediate);
    }

    public HaltRecord withSeconds(OptionalLong seconds) {
        return new HaltRecord(checkpoints, exitBefore, exitAfter, seconds, reason, immediate);
    }

    /** Clearing the reason also clears {@link #immediate()}: an immediate halt without a reason cannot exist. */
    public HaltRecord withReason(Optional<String> reason) {
        requireNonNull(reason, "reason is null");
        return new HaltRecord(checkpoints, exitBefore, exitAfter, seconds, reason, immediate && reason.isPresent());
    }

    /** Setting it needs a reason already set (see {@link #withReason}). */
    public HaltRecord withImmediate(boolean immediate) {
        return new HaltRecord(checkpoints, exitBefore, exitAfter, seconds, reason, immediate);
    }

    /**
     * Why the job must halt now, or empty. In this order: the reason, if set; "CHECKPOINTS_EXHAUSTED"
     * if checkpoints is present and at most 0; "EXIT_AFTER iso" once now reaches exitAfter;
     * "EXIT_BEFORE iso" once now reaches exitBefore minus the halt seconds (this record's, else
     * {@code configHaltSeconds}); "TIME_LIMIT: ..." if the halt seconds are positive, the allocation's
     * end is known ({@code endTime} in epoch seconds, 0 = unknown) and fewer seconds than that are
     * left (shown as 0 once the end has passed).
     */
    public Optional<String> check(Instant now, long endTime, long configHaltSeconds) {
        requireNonNull(now, "now is null");
        if (reason.isPresent()) {
            return reason;
        }
        if (checkpoints.isPresent() && checkpoints.getAsInt() <= 0) {
            return Optional.of("CHECKPOINTS_EXHAUSTED");
        }
        if (exitAfter.isPresent() && !now.isBefore(exitAfter.get())) {
            return Optional.of("EXIT_AFTER " + exitAfter.get());
        }
        long margin = seconds.orElse(configHaltSeconds);
        if (exitBefore.isPresent() && !now.isBefore(exitBefore.get().minusSeconds(margin))) {
            return Optional.of("EXIT_BEFORE " + exitBefore.get());
        }
        if (margin > 0 && endTime > 0) {
            long left = endTime - now.getEpochSecond();
            if (left < margin) {
                return Optional.of("TIME_LIMIT: " + Math.max(0, left) + " s left of the allocation, fewer than the halt margin of "
                        + margin + " s");
            }
        }
        return Optional.empty();
    }
}
