package org.scr4j.launch.chaos;

import static java.util.Objects.requireNonNull;

/**
 * One planned fault of a trial and when it fires: once {@code afterCheckpoints} more checkpoints
 * are committed since the previous fault (or the trial's start), {@code delayMillis} later; or,
 * when {@code afterCheckpoints} is 0, {@code delayMillis} after the previous fault (or the start).
 * A rank kill or node crash fires only while the application's ranks run, so it waits for them.
 *
 * @param pick          chooses the victim among those running when the fault fires (rank, node)
 * @param newAllocation launcher kill: the next {@code scr4j run} gets a new job id (the old
 *                      allocation's caches are gone) rather than the same one (they survive)
 */
public record Fault(FaultKind kind, int afterCheckpoints, long delayMillis, int pick, boolean newAllocation) {
    public Fault {
        requireNonNull(kind, "kind is null");
        if (afterCheckpoints < 0 || delayMillis < 0 || pick < 0) {
            throw new IllegalArgumentException("afterCheckpoints, delayMillis and pick must not be negative");
        }
    }

    /** Such as "node-crash@ckpt+3+120ms" or "launcher-kill@2.5s/new-alloc". */
    public String describe() {
        String when = afterCheckpoints > 0 ? "ckpt+" + afterCheckpoints + "+" + delayMillis + "ms"
                : String.format("%.1fs", delayMillis / 1000.0);
        String more = kind == FaultKind.LAUNCHER_KILL ? (newAllocation ? "/new-alloc" : "/same-alloc") : "";
        return kind.label() + "@" + when + more;
    }
}
