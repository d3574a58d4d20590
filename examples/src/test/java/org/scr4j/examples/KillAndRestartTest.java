package org.scr4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.fault.CrashPoints;

/**
 * kill -9 at random instants, and crashes at the library's named crash points: every restart
 * resumes from the newest checkpoint that completed (never from one that did not), and the job
 * ends with the checksum of an uninterrupted run.
 *
 * <p>Reproduce a failing trial with {@code -Dscr4j.test.seed=SEED -Dscr4j.test.only=TRIAL} (both
 * printed in the failure and in the test's output; the instants of kills are then the same, the
 * child's progress at those instants nearly so); {@code -Dscr4j.test.trials=N} and
 * {@code -Dscr4j.test.parallel=P} change the number of trials and how many run at once.
 */
@Timeout(600)
class KillAndRestartTest {
    private static final int SIZE = 64;
    private static final int STEPS = 60;
    private static final int RANKS = 2;
    private static final int EVERY = 5;
    private static final int CHECKPOINTS = STEPS / EVERY;
    private static final List<String> ARGS = List.of("--size", "" + SIZE, "--steps", "" + STEPS, "--ranks", "" + RANKS,
            "--sleep-ms", "4", "--checkpoint-every", "" + EVERY);
    private static final Map<String, String> CONF = Map.of("SCR_FLUSH", "2");
    private static final int MAX_ATTEMPTS = 4;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(40);

    private static final Pattern STARTED = Pattern.compile("checkpoint heat\\.(\\d+) started");
    private static final Pattern COMPLETE = Pattern.compile("checkpoint heat\\.(\\d+) complete");
    private static final Pattern RESTARTED = Pattern.compile("restarted from heat\\.(\\d+) at step (\\d+)");
    private static final Pattern CHECKSUM = Pattern.compile("checksum ([0-9a-f]{64}) steps (\\d+)");

    /**
     * Crash points a run of this job reaches, with the largest N it surely reaches (2 ranks, 12
     * checkpoints, every 2nd flushed: each rank commits 12 manifests, 6 flushes of 2 ranks x 2 files + params.txt).
     */
    private static final List<Map.Entry<String, Integer>> CRASH_POINTS = List.of(
            Map.entry(CrashPoints.BEFORE_MANIFEST, RANKS * CHECKPOINTS),
            Map.entry(CrashPoints.AFTER_MANIFEST, RANKS * CHECKPOINTS),
            Map.entry(CrashPoints.FLUSH_FILE, CHECKPOINTS / 2 * (2 * RANKS + 1)),
            Map.entry(CrashPoints.BEFORE_INDEX, CHECKPOINTS / 2),
            Map.entry(CrashPoints.CONTROL_REPLACE, CHECKPOINTS));

    @TempDir
    Path tmp;

    private String reference;
    private long uninterruptedMillis;

    private enum Kind { RANDOM_INSTANT, DURING_CHECKPOINT, CRASH_POINT }

    /** What the attempts so far say about the checkpoints: the bounds of the next restart. */
    private static final class Bounds {
        /** Newest checkpoint known complete (a "complete" line or a restart from it); -1 if none. */
        int floor = -1;
        /** Newest checkpoint that may have completed (started, or restarted from); -1 if none. */
        int ceiling = -1;
    }

    @Test
    void killedAtRandomInstantsResumesFromNewestCompleteCheckpoint() throws Exception {
        int trials = Integer.getInteger("scr4j.test.trials", 50);
        int parallel = Integer.getInteger("scr4j.test.parallel", 2);
        long seed = Long.getLong("scr4j.test.seed", System.nanoTime());
        System.out.println("kill-and-restart: " + trials + " trials, " + parallel + " at once, -Dscr4j.test.seed=" + seed);

        reference = HeatField.referenceChecksum(SIZE, STEPS);
        try (JobDirs job = JobDirs.create(tmp.resolve("reference"), "reference")) {
            long start = System.nanoTime();
            HeatJvm.Result run = HeatJvm.run("uninterrupted", job.work, job.env(CONF), List.of(), ARGS, RUN_TIMEOUT);
            uninterruptedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(0, run.exitCode(), run::toString);
            assertEquals(List.of("checksum " + reference + " steps " + STEPS), run.matching(CHECKSUM.pattern()), run::toString);
            assertEquals(CHECKPOINTS, run.matching(COMPLETE.pattern()).size(), run::toString);
        }
        System.out.println("kill-and-restart: an uninterrupted run takes " + uninterruptedMillis + " ms");

        Random master = new Random(seed);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        List<Future<String>> outcomes = new ArrayList<>();
        long started = System.nanoTime();
        try {
            Integer only = Integer.getInteger("scr4j.test.only");
            for (int t = 0; t < trials; t++) {
                int trial = t;
                long trialSeed = master.nextLong();
                if (only == null || only == t) {
                    outcomes.add(pool.submit(() -> trial(trial, trialSeed)));
                }
            }
            List<String> failures = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                String failure = outcome.get();
                if (failure != null) {
                    failures.add(failure);
                }
            }
            System.out.println("kill-and-restart: " + outcomes.size() + " trials in " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)
                    + " s, " + failures.size() + " failed");
            if (!failures.isEmpty()) {
                fail(failures.size() + " of " + outcomes.size() + " trials failed (-Dscr4j.test.seed=" + seed
                        + ", and -Dscr4j.test.only=TRIAL to rerun one):\n" + summary(failures) + "\nthe first in full:\n"
                        + failures.get(0));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One trial: kill, restart until done, check each restart and the checksum. Returns null or what went wrong. */
    private String trial(int trial, long seed) throws IOException, InterruptedException {
        Random random = new Random(seed);
        double pick = random.nextDouble();
        Kind kind = pick < 0.2 ? Kind.CRASH_POINT : pick < 0.6 ? Kind.DURING_CHECKPOINT : Kind.RANDOM_INSTANT;
        StringBuilder story = new StringBuilder("trial " + trial + " (seed " + seed + "), " + kind + "\n");
        List<HeatJvm.Result> runs = new ArrayList<>();
        Bounds bounds = new Bounds();
        try (JobDirs job = JobDirs.create(tmp.resolve("trial-" + trial), "trial-" + trial)) {
            Map<String, String> env = job.env(CONF);
            for (int attempt = 1; ; attempt++) {
                String label = "attempt " + attempt;
                List<String> jvm = List.of();
                HeatJvm.Result run;
                boolean crashedBeforeManifest = false;
                if (attempt == 1 && kind == Kind.CRASH_POINT) {
                    Map.Entry<String, Integer> point = CRASH_POINTS.get(random.nextInt(CRASH_POINTS.size()));
                    int nth = 1 + random.nextInt(point.getValue());
                    jvm = List.of("-D" + CrashPoints.PROPERTY + "=" + point.getKey() + ":" + nth);
                    story.append(label).append(": crash at ").append(point.getKey()).append(':').append(nth).append('\n');
                    run = HeatJvm.run(label, job.work, env, jvm, ARGS, RUN_TIMEOUT);
                    if (run.exitCode() != CrashPoints.STATUS) {
                        runs.add(run);
                        return failure(story, runs, "crash point " + point.getKey() + ":" + nth
                                + " was not reached: the run should have halted with status " + CrashPoints.STATUS);
                    }
                    crashedBeforeManifest = point.getKey().equals(CrashPoints.BEFORE_MANIFEST);
                } else if (attempt == 1 && kind == Kind.DURING_CHECKPOINT) {
                    int nth = 1 + random.nextInt(CHECKPOINTS - 1);
                    long extraMicros = random.nextInt(4) == 0 ? 0 : random.nextInt(3000);
                    story.append(label).append(": kill ").append(extraMicros).append(" us after checkpoint #").append(nth)
                            .append(" started\n");
                    HeatJvm process = HeatJvm.start(label, job.work, env, jvm, ARGS);
                    if (process.awaitLine(STARTED.pattern(), nth, RUN_TIMEOUT)) {
                        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(extraMicros));
                        run = process.kill();
                    } else {
                        run = process.await(RUN_TIMEOUT);
                    }
                } else if (attempt == 1 || (attempt < MAX_ATTEMPTS && random.nextInt(4) == 0)) {
                    // A random instant of the run: start-up, restart, computing, checkpointing, flushing, finalising.
                    long upTo = attempt == 1 ? uninterruptedMillis * 11 / 10 : uninterruptedMillis;
                    long delayMicros = (long) (random.nextDouble() * upTo * 1000);
                    story.append(label).append(": kill after ").append(delayMicros / 1000.0).append(" ms\n");
                    HeatJvm process = HeatJvm.start(label, job.work, env, jvm, ARGS);
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(delayMicros));
                    run = process.kill();
                } else {
                    story.append(label).append(": to the end\n");
                    run = HeatJvm.run(label, job.work, env, jvm, ARGS, RUN_TIMEOUT);
                }
                runs.add(run);

                String problem = checkRestart(run, bounds);
                if (problem != null) {
                    return failure(story, runs, problem);
                }
                if (run.exitCode() == 0 && !run.killed()) {
                    List<String> checksums = run.matching(CHECKSUM.pattern());
                    String expected = "checksum " + reference + " steps " + STEPS;
                    if (!checksums.equals(List.of(expected))) {
                        return failure(story, runs, "the job ended with " + checksums + ", expected '" + expected + "'");
                    }
                    System.out.println("kill-and-restart: " + story.toString().strip().replace("\n", "; ") + "; ok");
                    return null;
                }
                if (!run.killed() && run.exitCode() != CrashPoints.STATUS) {
                    return failure(story, runs, label + " failed by itself with exit status " + run.exitCode());
                }
                if (attempt == MAX_ATTEMPTS) {
                    return failure(story, runs, "the last attempt did not finish");
                }
                update(bounds, run, crashedBeforeManifest);
            }
        } catch (AssertionError e) {
            return failure(story, runs, e.getMessage());
        }
    }

    /**
     * A run resumed from heat.r with floor &lt;= r &lt;= ceiling; one that got past its restart
     * without a "restarted" line started afresh, which is right only if no checkpoint had completed.
     */
    private static String checkRestart(HeatJvm.Result run, Bounds bounds) {
        List<String> restarts = run.matching(RESTARTED.pattern());
        if (restarts.size() > 1) {
            return run.label() + " restarted more than once: " + restarts;
        }
        if (restarts.size() == 1) {
            Matcher m = RESTARTED.matcher(restarts.get(0));
            m.matches();
            int r = Integer.parseInt(m.group(1));
            if (r != Integer.parseInt(m.group(2))) {
                return run.label() + ": the checkpoint's name and step disagree: " + restarts.get(0);
            }
            if (r < bounds.floor) {
                return run.label() + " resumed from heat." + r + ", older than heat." + bounds.floor + ", which had completed";
            }
            if (r > bounds.ceiling) {
                return run.label() + " resumed from heat." + r + ", which never completed (newest that may have: "
                        + (bounds.ceiling < 0 ? "none" : "heat." + bounds.ceiling) + ")";
            }
            return null;
        }
        boolean pastRestart = run.lines().stream().anyMatch(l -> STARTED.matcher(l).matches() || CHECKSUM.matcher(l).matches());
        if (pastRestart && bounds.floor >= 0) {
            return run.label() + " started from the beginning, although heat." + bounds.floor + " had completed";
        }
        return null;
    }

    /** Folds a killed run's lines into the bounds. */
    private static void update(Bounds bounds, HeatJvm.Result run, boolean crashedBeforeManifest) {
        int newestComplete = -1;
        int newestStarted = -1;
        for (String line : run.lines()) {
            Matcher c = COMPLETE.matcher(line);
            if (c.matches()) {
                newestComplete = Math.max(newestComplete, Integer.parseInt(c.group(1)));
            }
            Matcher s = STARTED.matcher(line);
            if (s.matches()) {
                newestStarted = Math.max(newestStarted, Integer.parseInt(s.group(1)));
            }
            Matcher r = RESTARTED.matcher(line);
            if (r.matches()) {
                newestComplete = Math.max(newestComplete, Integer.parseInt(r.group(1)));
            }
        }
        // A run halted before its manifest was committed: its last checkpoint is certainly incomplete.
        if (crashedBeforeManifest) {
            newestStarted = newestComplete;
        }
        bounds.floor = Math.max(bounds.floor, newestComplete);
        bounds.ceiling = Math.max(bounds.ceiling, Math.max(newestStarted, newestComplete));
    }

    /** Each failed trial's first line and its problem. */
    private static String summary(List<String> failures) {
        StringBuilder text = new StringBuilder();
        for (String failure : failures) {
            List<String> lines = failure.lines().toList();
            text.append("  ").append(lines.get(0)).append(": ")
                    .append(lines.stream().filter(l -> l.startsWith("PROBLEM: ")).findFirst().orElse("")).append('\n');
        }
        return text.toString();
    }

    private static String failure(StringBuilder story, List<HeatJvm.Result> runs, String problem) {
        StringBuilder text = new StringBuilder(story).append("PROBLEM: ").append(problem).append('\n');
        for (HeatJvm.Result run : runs) {
            text.append("==== ").append(run).append('\n');
        }
        System.out.println("kill-and-restart: FAILED " + text);
        return text.toString();
    }
}
