package org.scr4j.launch.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a trial's launchers printed on standard output (their own lines and the ranks' lines of
 * the heat example), as it arrives: the runs of the job, the checkpoints rank 0 saw committed,
 * where each run restarted from, the final checksums, and why a launcher stopped.
 */
final class TrialObserver {
    private static final Pattern RUN = Pattern.compile("scr4j: run (\\d+): .*");
    private static final Pattern RESTARTED = Pattern.compile("rank (\\d+) restarted from ckpt\\.(\\d+) at step (\\d+)");
    private static final Pattern CHECKPOINT = Pattern.compile("rank (\\d+) checkpoint ckpt\\.(\\d+) (complete|failed)");
    private static final Pattern CHECKSUM = Pattern.compile("rank (\\d+) step (\\d+) checksum ([0-9a-f]+)");
    /** The launcher's reasons to stop that are by design: the job cannot go on in this allocation. */
    private static final Pattern STOP = Pattern.compile("scr4j: (too few nodes: .*|no runs left .*)");

    /** A run as it is being observed. */
    private static final class Run {
        final long startNanos;
        Integer restart;
        boolean progressed;
        final Map<Integer, RunRecord.Checksum> checksums = new TreeMap<>();

        Run(long startNanos) {
            this.startNanos = startNanos;
        }

        RunRecord record() {
            OptionalInt step = restart != null ? OptionalInt.of(restart) : progressed ? OptionalInt.of(0) : OptionalInt.empty();
            return new RunRecord(startNanos, step, checksums);
        }
    }

    private final List<Run> runs = new ArrayList<>();
    private int commits;
    private int newestCommit;
    private String stop;

    /** A line of a launcher's standard output. */
    synchronized void line(String line) {
        Matcher m;
        if (RUN.matcher(line).matches()) {
            runs.add(new Run(System.nanoTime()));
        } else if ((m = STOP.matcher(line)).matches()) {
            stop = m.group(1);
        } else if (runs.isEmpty()) {
            return;
        } else if ((m = RESTARTED.matcher(line)).matches()) {
            Run run = current();
            int step = Integer.parseInt(m.group(3));
            run.restart = run.restart == null ? step : Math.min(run.restart, step);
        } else if ((m = CHECKPOINT.matcher(line)).matches()) {
            current().progressed = true;
            if (m.group(1).equals("0") && m.group(3).equals("complete")) {
                commits++;
                newestCommit = Integer.parseInt(m.group(2));
            }
        } else if ((m = CHECKSUM.matcher(line)).matches()) {
            Run run = current();
            run.progressed = true;
            run.checksums.put(Integer.parseInt(m.group(1)), new RunRecord.Checksum(Integer.parseInt(m.group(2)), m.group(3)));
        }
    }

    private Run current() {
        return runs.get(runs.size() - 1);
    }

    /** A new launcher starts: what the last one said about stopping no longer holds. */
    synchronized void launcherStarted() {
        stop = null;
    }

    /** Checkpoints rank 0 reported committed, over the whole trial. */
    synchronized int commits() {
        return commits;
    }

    /** The step of the checkpoint rank 0 reported committed last; 0 before the first. */
    synchronized int newestCommit() {
        return newestCommit;
    }

    /** Why the current launcher stopped, when it stopped by design ("too few nodes: ...", "no runs left ..."). */
    synchronized Optional<String> stopReason() {
        return Optional.ofNullable(stop);
    }

    synchronized List<RunRecord> runs() {
        return runs.stream().map(Run::record).toList();
    }
}
