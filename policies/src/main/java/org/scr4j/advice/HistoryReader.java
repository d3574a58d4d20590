package org.scr4j.advice;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.scr4j.advice.LogEvent.BadEvent;

/** Reads the event log once, oldest first, into a {@link JobHistory}; see there for what a run is. */
final class HistoryReader {
    private static final String NODE_DOWN = "node down";

    private final List<MeasuredCheckpoint> checkpoints = new ArrayList<>();
    /** The checkpoints of the current run by dataset id: a flush pays into the cost only in the run that wrote it. */
    private final Map<Long, Integer> thisRun = new HashMap<>();
    private final List<Failure> failures = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private Instant runStart;
    private Instant runLast;
    private int runs;
    private double runSeconds;
    private int unrecordedEnds;
    /** Whether the event just read was a failure, and its run: the next one of the same run is the same interrupt. */
    private boolean afterFailure;
    private Optional<Long> lastFailureRun = Optional.empty();

    JobHistory read(List<Map<String, Object>> events) {
        for (int i = 0; i < events.size(); i++) {
            LogEvent e = new LogEvent(events.get(i));
            try {
                accept(e);
            } catch (BadEvent bad) {
                skipped.add("event " + (i + 1) + e.type().map(t -> " (" + t + ")").orElse("") + ": " + bad.getMessage());
            }
        }
        if (runStart != null) {
            endRun(runLast, false); // still running, or its end went unrecorded: it ran at least this long
        }
        return new JobHistory(checkpoints, failures, runs, runSeconds, unrecordedEnds, events.size(), skipped);
    }

    /** Reads every field an event needs before changing anything, so a bad event changes nothing. */
    private void accept(LogEvent e) throws BadEvent {
        String type = e.text("event");
        Instant time = e.time();
        boolean failure = false;
        switch (type) {
            case "start" -> {
                if (runStart != null) {
                    endRun(runLast, true);
                }
                runStart = time;
                runs++;
                thisRun.clear();
            }
            case "finalize" -> endRunAt(time, false);
            case "allocation" -> {
                if (runStart != null) {
                    endRun(runLast, true);
                }
                thisRun.clear();
            }
            case "failure" -> {
                Optional<Long> run = e.optionalWhole("run");
                failure(time, e.optionalText("cause"), run);
                lastFailureRun = run;
                failure = true;
            }
            case "checkpoint" -> checkpoint(e);
            case "flush" -> flush(e);
            default -> {
                // outputs, rebuilds and events a newer scr4j adds: they only show the run was alive
            }
        }
        afterFailure = failure;
        if (runStart != null) {
            runLast = time;
        }
    }

    private void failure(Instant time, Optional<String> cause, Optional<Long> run) {
        // No cause: take the worse kind, which only more levels are charged with.
        FailureKind kind = cause.map(c -> c.startsWith(NODE_DOWN) ? FailureKind.NODE : FailureKind.PROCESS).orElse(FailureKind.NODE);
        if (afterFailure && lastFailureRun.equals(run)) {
            failures.set(failures.size() - 1, failures.get(failures.size() - 1).and(kind));
        } else {
            failures.add(new Failure(time, kind, 1, cause.orElse("unknown")));
        }
        endRunAt(time, false);
    }

    private void checkpoint(LogEvent e) throws BadEvent {
        long id = e.whole("id");
        long level;
        try {
            level = e.whole("level");
        } catch (BadEvent bad) {
            throw new BadEvent(bad.getMessage() + " (a log written before checkpoints named their level)");
        }
        if (level < 0 || level > Integer.MAX_VALUE) {
            throw new BadEvent("\"level\" is not a descriptor id: " + level);
        }
        MeasuredCheckpoint c = new MeasuredCheckpoint(id, (int) level, e.text("tier"), e.text("scheme"), e.seconds("seconds"),
                Optional.empty());
        thisRun.put(id, checkpoints.size());
        checkpoints.add(c);
    }

    /** A flush without "async" was written before flushes could be: it was synchronous. */
    private void flush(LogEvent e) throws BadEvent {
        long id = e.whole("id");
        MeasuredCheckpoint.Flush f = new MeasuredCheckpoint.Flush(e.seconds("seconds"), e.flag("async", false));
        Integer at = thisRun.get(id);
        // An output's flush, a drain's after the run, or a second flush of one dataset: not a cost the run's cadence paid.
        if (at != null && checkpoints.get(at).flush().isEmpty()) {
            checkpoints.set(at, checkpoints.get(at).withFlush(f));
        }
    }

    private void endRunAt(Instant end, boolean unrecorded) {
        if (runStart != null) {
            endRun(end, unrecorded);
        }
        thisRun.clear();
    }

    private void endRun(Instant end, boolean unrecorded) {
        // Clocks of different hosts may disagree by a little; a run never counts negative.
        runSeconds += Math.max(0, Duration.between(runStart, end).toNanos() / 1e9);
        if (unrecorded) {
            unrecordedEnds++;
        }
        runStart = null;
        runLast = null;
    }
}
