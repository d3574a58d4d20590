package org.scr4j.launch.chaos;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A finished trial: its plan, the faults that fired, the verdict, how many times
 * {@code scr4j run} was started, and how long it all took.
 */
public record TrialRecord(TrialPlan plan, List<FiredFault> fired, TrialVerdict verdict, int launches, double seconds) {
    public TrialRecord {
        requireNonNull(plan, "plan is null");
        fired = List.copyOf(requireNonNull(fired, "fired is null"));
        requireNonNull(verdict, "verdict is null");
    }

    public Outcome outcome() {
        return verdict.outcome();
    }

    /** Failed or corrupt: its directory is kept for a look. */
    public boolean bad() {
        return outcome() == Outcome.FAILED || outcome() == Outcome.SILENT_CORRUPTION;
    }
}
