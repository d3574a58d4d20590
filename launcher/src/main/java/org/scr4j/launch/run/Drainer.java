package org.scr4j.launch.run;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.scr4j.launch.Progress;

/**
 * Runs a drain (or rebuild) step on the job's nodes that are still up: each slot keeps its node
 * when it can, so the ranks find their caches, and a lost node's ranks go to a spare (or double
 * up), where the library rebuilds their files from redundancy data before anything is copied.
 */
public final class Drainer {
    private final JobContext job;
    private final LauncherState state;
    private final Backend backend;
    private final PrintStream out;

    public Drainer(JobContext job, LauncherState state, Backend backend, PrintStream out) {
        this.job = requireNonNull(job, "job is null");
        this.state = requireNonNull(state, "state is null");
        this.backend = requireNonNull(backend, "backend is null");
        this.out = requireNonNull(out, "out is null");
    }

    /** True when the step succeeded; the report lines are printed as they come. */
    public boolean run(boolean drain) throws IOException, InterruptedException {
        String what = drain ? "drain" : "rebuild";
        Map<String, String> down = new DownNodes(job.control).all(backend, List.of());
        Placement.Result placed = Placement.assign(state.slots(), state.nodes(), down.keySet(), state.slots().size(), 1);
        if (!placed.ok()) {
            out.println("scr4j: cannot " + what + ": " + placed.problem() + "; the caches of the nodes that are down are lost");
            return false;
        }
        List<String> placement = Placement.ranks(placed.slots(), state.ranksPerNode());
        out.println("scr4j: " + what + ": " + placement.size() + " rank(s) on " + String.join(",", new java.util.TreeSet<>(placed.slots()))
                + (down.isEmpty() ? "" : " (down: " + String.join(",", down.keySet()) + ")"));
        Instant start = Instant.now();
        Map<Integer, long[]> progress = new HashMap<>();
        Progress[] bar = new Progress[1];
        try {
            StepOutput output = (rank, line, stderr) -> {
                if (line.startsWith(DrainRank.PROGRESS)) {
                    String[] f = line.substring(DrainRank.PROGRESS.length()).split(" ");
                    synchronized (progress) {
                        progress.put(rank, new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
                        // The bar starts once every rank has said how much it has to copy.
                        if (bar[0] == null && progress.size() == placement.size()) {
                            bar[0] = Progress.start(what, progress.values().stream().mapToLong(p -> p[1]).sum(), Progress.BYTES, out);
                        }
                        if (bar[0] != null) {
                            bar[0].update(progress.values().stream().mapToLong(p -> p[0]).sum());
                        }
                    }
                } else if (line.startsWith(DrainRank.REPORT)) {
                    out.println("scr4j: " + what + ": " + line.substring(DrainRank.REPORT.length()));
                } else if (stderr && (line.contains(" ERROR ") || line.contains(" WARN ") || line.startsWith("Exception"))) {
                    out.println("scr4j: " + what + ": rank " + rank + ": " + line);
                }
            };
            JobSteps steps = new JobSteps(state, backend, java.nio.file.Path.of("").toAbsolutePath());
            StepSpec spec = steps.spec(what, JavaCommand.of(DrainRank.class.getName(), what), placement, Map.of(), output);
            StepRunner.Outcome outcome = new StepRunner(backend).run(spec, List.of());
            reportRebuilds(start);
            if (!outcome.result().succeeded()) {
                out.println("scr4j: " + what + " failed: " + outcome.result().summary() + ". The caches are kept; run `scr4j "
                        + what + "` again once the cause is fixed");
                return false;
            }
            return true;
        } finally {
            synchronized (progress) {
                if (bar[0] != null) {
                    bar[0].close();
                }
            }
        }
    }

    /** The rebuilds the step did, from the job's event log, with their cost. */
    private void reportRebuilds(Instant since) throws IOException {
        for (Map<String, Object> e : job.control.log().read()) {
            if ("rebuild".equals(e.get("event")) && Instant.parse(String.valueOf(e.get("time"))).isAfter(since)) {
                out.printf("scr4j: rebuilt the files of rank(s) %s of %s (%s) in %.2f s%n", e.get("lostRanks"), e.get("name"),
                        e.get("scheme"), ((Number) e.get("seconds")).doubleValue());
            }
        }
    }
}
