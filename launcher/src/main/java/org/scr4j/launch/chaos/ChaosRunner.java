package org.scr4j.launch.chaos;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.scr4j.launch.run.JavaCommand;

/**
 * Runs the trials of a seed one after the other: draws each plan, gets the expected checksums of
 * its shape, runs it, prints its line (and loudly, a silent corruption), keeps the JSON current,
 * and removes the trial's directory unless it is to be kept.
 */
public final class ChaosRunner {
    private final long seed;
    private final Path work;
    private final Map<String, String> env;
    private final String appClass;
    private final boolean keep;
    private final boolean corruptExpected;
    private final Path json;
    private final PrintStream out;
    private final List<String> app;
    private boolean keptAny;

    /**
     * @param env             the launchers' environment
     * @param corruptExpected tests only: rank 0's expected checksum is made wrong, to show the check catches it
     * @param json            where to write the records and totals, or null
     */
    public ChaosRunner(long seed, Path work, Map<String, String> env, String appClass, boolean keep, boolean corruptExpected,
            Path json, PrintStream out) {
        this.seed = seed;
        this.work = requireNonNull(work, "work is null");
        this.env = Map.copyOf(env);
        this.appClass = requireNonNull(appClass, "appClass is null");
        this.keep = keep;
        this.corruptExpected = corruptExpected;
        this.json = json;
        this.out = requireNonNull(out, "out is null");
        // Small and quick to start: a rank's tile is tiny, and its JVM's start is most of a relaunch.
        this.app = JavaCommand.of(List.of("-Xmx96m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), appClass, List.of());
    }

    /** Runs the given trials; returns the exit status: 0 all passed, 1 one failed, 3 a silent corruption. */
    public int run(List<Integer> trials) throws IOException, InterruptedException {
        out.printf("scr4j chaos: seed %d, %d trial(s) of the heat example under scr4j run; work directory %s%n", seed, trials.size(),
                work);
        out.printf("  (rerun one trial: scr4j chaos --seed %d --trial K)%n", seed);
        ReferenceChecksums references = new ReferenceChecksums(work.resolve("references"), env, app);
        ChaosReport report = new ChaosReport(seed);
        long start = System.nanoTime();
        List<TrialPlan> plans = trials.stream().map(k -> TrialPlan.draw(seed, k)).toList();
        // One reference run per shape, with as many ranks as its largest trial.
        Map<TrialPlan.Shape, Integer> ranks = new HashMap<>();
        plans.forEach(p -> ranks.merge(p.shape(), p.nodes(), Math::max));
        for (TrialPlan plan : plans) {
            int k = plan.trial();
            Map<Integer, String> expected = expected(references, plan.shape(), ranks.get(plan.shape()));
            Path dir = work.resolve("trial-" + k);
            TrialRecord record = new ChaosTrial(plan, expected, dir, env, app, appClass).run();
            report.add(record);
            out.println(ChaosReport.line(record));
            if (record.outcome() == Outcome.SILENT_CORRUPTION) {
                String loud = "SILENT CORRUPTION in trial " + k + " of seed " + seed + ": " + record.verdict().detail()
                        + "; its files are kept in " + dir;
                out.println("!!! " + loud);
                System.err.println("scr4j chaos: " + loud);
            }
            if (record.bad() || keep) {
                keptAny = true;
            } else {
                FileUtils.deleteDirectory(dir.toFile());
            }
            if (json != null) {
                report.writeJson(json);
            }
        }
        report.printTotals(out, (System.nanoTime() - start) / 1e9);
        if (json != null) {
            out.println("scr4j chaos: records and totals in " + json.toAbsolutePath());
        }
        if (keptAny) {
            out.println("scr4j chaos: trial directories kept in " + work);
        }
        if (!keep) {
            FileUtils.deleteDirectory(work.resolve("references").toFile());
        }
        return report.count(Outcome.SILENT_CORRUPTION) > 0 ? 3 : report.count(Outcome.FAILED) > 0 ? 1 : 0;
    }

    public boolean keptAny() {
        return keptAny;
    }

    private Map<Integer, String> expected(ReferenceChecksums references, TrialPlan.Shape shape, int ranks)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        boolean known = references.has(shape, ranks);
        Map<Integer, String> expected = references.of(shape, ranks);
        if (!known) {
            out.printf("  uninterrupted reference run, %d rank(s) with %dx%d tiles, %d steps: final checksums in %.1f s%n", ranks,
                    shape.size(), shape.size(), shape.steps(), (System.nanoTime() - start) / 1e9);
        }
        if (!corruptExpected) {
            return expected;
        }
        Map<Integer, String> wrong = new HashMap<>(expected);
        wrong.put(0, String.format("%08x", Long.parseLong(expected.get(0), 16) ^ 1));
        return wrong;
    }
}
