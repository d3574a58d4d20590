package org.scr4j.advice;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * What the event log says about a job, as interval advice needs it: every checkpoint's cost (with
 * its flush, when the job flushed it in the same run), the failures the launcher recorded, and how
 * long the job ran. Events it cannot use are skipped, each with a reason.
 *
 * <p>Run time: a run starts at a "start" event (rank 0 opens the library) and ends at the first of
 * the launcher's "failure" event, the job's "finalize" event, or, when the run ends unrecorded (the
 * next "start" or "allocation" event comes first, or the log ends), the run's last event: the job
 * ran at least that long. Time between runs (relaunch, node checks, queue) is not run time.
 */
public final class JobHistory {
    private final List<MeasuredCheckpoint> checkpoints;
    private final List<Failure> failures;
    private final int runs;
    private final double runSeconds;
    private final int unrecordedEnds;
    private final int events;
    private final List<String> skipped;

    JobHistory(List<MeasuredCheckpoint> checkpoints, List<Failure> failures, int runs, double runSeconds, int unrecordedEnds,
            int events, List<String> skipped) {
        this.checkpoints = List.copyOf(checkpoints);
        this.failures = List.copyOf(failures);
        this.runs = runs;
        this.runSeconds = runSeconds;
        this.unrecordedEnds = unrecordedEnds;
        this.events = events;
        this.skipped = List.copyOf(skipped);
    }

    /** Reads the events of {@code EventLog.read()}, oldest first. */
    public static JobHistory of(List<Map<String, Object>> events) {
        requireNonNull(events, "events is null");
        return new HistoryReader().read(events);
    }

    public List<MeasuredCheckpoint> checkpoints() {
        return checkpoints;
    }

    /** The interrupts, oldest first: a run's failure events count once. */
    public List<Failure> failures() {
        return failures;
    }

    /** How many runs opened the library ("start" events). */
    public int runs() {
        return runs;
    }

    /** The time the job spent running, summed over its runs. */
    public double runSeconds() {
        return runSeconds;
    }

    /**
     * Runs that ended with neither close() nor a failure record: run outside the launcher, killed,
     * or out of time. Their time counts; they do not count as failures, as nothing says they were.
     */
    public int unrecordedEnds() {
        return unrecordedEnds;
    }

    /** How many events the log held. */
    public int events() {
        return events;
    }

    /** One line per event that could not be used: which one, and why. */
    public List<String> skipped() {
        return skipped;
    }

    public long failures(FailureKind kind) {
        return failures.stream().filter(f -> f.kind() == kind).count();
    }
}
