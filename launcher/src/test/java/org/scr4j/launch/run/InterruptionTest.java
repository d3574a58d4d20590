package org.scr4j.launch.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scr4j.fault.CrashPoints;

/**
 * The interruption suite: every fault point met in turn by a job under `scr4j run` on simulated
 * nodes, with, at that instant, the process there halted (as kill -9), its node crashed (its ranks
 * killed and its RAM disk wiped) or the launcher killed (its ranks end with it). However it was cut,
 * the job must end with the checksums of an uninterrupted run, after at most a drain and a new run.
 * CI runs every point with one kind of kill, in rotation; {@code -Dscr4j.interruption.full=true}
 * runs every point with every kill, and {@code -Dscr4j.interruption.point=POINT} only that point's.
 */
class InterruptionTest {
    private static final Duration JOB = Duration.ofMinutes(4);
    private static final int BYTES = 64 * 1024;
    private static final int STEPS = 12;
    private static final int STEP_MILLIS = 50;
    /** The step where rank 0 of a DRAIN job hangs. */
    private static final int HANG_AT = 6;
    private static final Pattern RESTARTED = Pattern.compile("rank (\\d+) restarted from (ckpt\\.\\d+)");
    private static final Map<String, Integer> FAULTS = new TreeMap<>();
    private static final List<String> TRIALS = new ArrayList<>();
    private static int recovered;
    private static int fallbacks;
    private static int silentCorruptions;

    @TempDir
    Path dir;

    /** How the job is cut at the fault point. */
    enum Kill {
        /** The process at the point halts, as kill -9 would. */
        PROCESS,
        /** Its node crashes there: its ranks are killed and its node-local storage wiped. */
        NODE,
        /** The launcher is killed there (by kill -9); its ranks end with it, and a new launcher carries on. */
        LAUNCHER
    }

    /** The job that meets a fault point. */
    enum Shape {
        /** XOR over 3 nodes (2 spares), a checkpoint every step, every 3rd flushed. */
        PLAIN(List.of("CKPT=0 INTERVAL=1 STORE=ram TYPE=XOR", "SCR_FLUSH=3"), List.of()),
        /** PLAIN with n2 crashed after the 3rd checkpoint: the next run rebuilds rank 1 on a spare. */
        REBUILD(List.of("CKPT=0 INTERVAL=1 STORE=ram TYPE=XOR", "SCR_FLUSH=3"), List.of("--inject", "n2@checkpoint=3")),
        /** SINGLE, every 2nd flushed, n2 crashed: rank 1 fetches its files from the prefix. */
        FETCH(List.of("CKPT=0 INTERVAL=1 STORE=ram TYPE=SINGLE", "SCR_FLUSH=2"), List.of("--inject", "n2@checkpoint=3")),
        /** PLAIN with an SSD tier under the RAM disk, which keeps 2: older checkpoints are demoted. */
        DEMOTE(List.of("CKPT=0 INTERVAL=1 STORE=ram TYPE=XOR", "SCR_FLUSH=3"), List.of()),
        /**
         * One run, nothing flushed, rank 0 hangs and the watchdog kills the step (so no rank flushes
         * as it closes): the launcher drains the newest checkpoint.
         */
        DRAIN(List.of("CKPT=0 INTERVAL=1 STORE=ram TYPE=XOR", "SCR_FLUSH=1000"), List.of("--runs", "1", "--watchdog", "30"));

        final List<String> conf;
        final List<String> args;

        Shape(List<String> conf, List<String> args) {
            this.conf = conf;
            this.args = args;
        }
    }

    /** A fault point, the Nth time it is reached, in which process, in which job. */
    record Scenario(String point, int nth, String rank, Shape shape) {
        boolean inLauncher() {
            return rank.equals(CrashPoints.LAUNCHER);
        }

        @Override
        public String toString() {
            return point + ":" + nth + " in " + (inLauncher() ? "the launcher" : "rank " + rank) + " (" + shape + ")";
        }
    }

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario(CrashPoints.AFTER_FILE, 4, "1", Shape.PLAIN),
            new Scenario(CrashPoints.BEFORE_MANIFEST, 4, "1", Shape.PLAIN),
            new Scenario(CrashPoints.AFTER_MANIFEST, 4, "1", Shape.PLAIN),
            new Scenario(CrashPoints.ENCODE_SENT, 9, "1", Shape.PLAIN),
            new Scenario(CrashPoints.FLUSH_FILE, 2, "1", Shape.PLAIN),
            new Scenario(CrashPoints.BEFORE_INDEX, 2, "0", Shape.PLAIN),
            new Scenario(CrashPoints.CONTROL_REPLACE, 3, "0", Shape.PLAIN),
            new Scenario(CrashPoints.REBUILD_SENT, 1, "0", Shape.REBUILD),
            new Scenario(CrashPoints.REBUILD_BEFORE_MANIFEST, 1, "1", Shape.REBUILD),
            new Scenario(CrashPoints.FETCH_FILE, 1, "1", Shape.FETCH),
            new Scenario(CrashPoints.DEMOTE_COPIED, 2, "1", Shape.DEMOTE),
            new Scenario(CrashPoints.DRAIN_DATASET, 1, "0", Shape.DRAIN),
            new Scenario(CrashPoints.LAUNCHER_RELAUNCH, 1, CrashPoints.LAUNCHER, Shape.REBUILD),
            new Scenario(CrashPoints.LAUNCHER_DRAIN, 1, CrashPoints.LAUNCHER, Shape.DRAIN));

    /** Every point with one kill in rotation, or with every kill under -Dscr4j.interruption.full=true. */
    static Stream<Arguments> trials() {
        boolean full = Boolean.getBoolean("scr4j.interruption.full");
        String only = System.getProperty("scr4j.interruption.point", "");
        List<Arguments> all = new ArrayList<>();
        for (int i = 0; i < SCENARIOS.size(); i++) {
            Scenario s = SCENARIOS.get(i);
            if (!only.isEmpty() && !only.equals(s.point())) {
                continue;
            }
            if (s.inLauncher()) {
                all.add(Arguments.of(s, Kill.PROCESS)); // the process at a launcher point is the launcher
            } else if (full) {
                for (Kill k : Kill.values()) {
                    all.add(Arguments.of(s, k));
                }
            } else {
                all.add(Arguments.of(s, Kill.values()[i % Kill.values().length]));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, {1} killed")
    @MethodSource("trials")
    void aJobCutAtAFaultPointEndsWithTheChecksumsOfAnUninterruptedRun(Scenario s, Kill kill) throws Exception {
        List<String> conf = new ArrayList<>(s.shape().conf);
        conf.add("SCR_JOB_ID=cut");
        if (s.shape() == Shape.DEMOTE) {
            conf.add("STORE=" + dir.resolve("ssd") + " NAME=ssd TYPE=ssd COUNT=4");
        }
        Path marker = dir.resolve("fault-reached");
        try (LocalJob job = new LocalJob(dir, conf.toArray(String[]::new))) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("SCR4J_CRASH_AT", s.point() + ":" + s.nth());
            env.put("SCR4J_CRASH_RANK", s.rank());
            env.put("SCR4J_CRASH_ACTION", kill == Kill.PROCESS ? "halt" : "pause");
            env.put("SCR4J_CRASH_MARKER", marker.toString());
            List<String> app = s.shape() == Shape.DRAIN ? LocalJob.app(STEPS, BYTES, STEP_MILLIS, HANG_AT, dir.resolve("hung"))
                    : LocalJob.app(STEPS, BYTES, STEP_MILLIS);
            LocalJob.Launched first = job.start(env, args(s.shape().args, app, "--runs", "4").toArray(String[]::new));
            cut(job, first, kill, marker);
            String last = first.output();
            int runs = 1;
            while (!finished(last)) {
                assertTrue(runs < 3, () -> "the job did not finish after " + s + " and two more runs");
                if (s.shape() == Shape.DRAIN) {
                    // The drain was cut: drain again, then a new allocation (empty RAM disks) restarts from the prefix.
                    LocalJob.Result drain = job.run(JOB, "drain");
                    assertTrue(drain.exitCode() == 0 ? drain.out().contains(": flushed") || drain.out().contains("on the prefix already")
                            : drain.out().contains("cannot") || drain.out().contains("NOT flushed") || drain.out().contains("failed"),
                            drain::toString);
                    wipe(job.shm);
                }
                LocalJob.Result again = job.run(JOB, args(List.of(), LocalJob.app(STEPS, BYTES, STEP_MILLIS), "--runs", "3")
                        .toArray(String[]::new));
                last = again.out();
                runs++;
            }
            List<String> wrong = wrongChecksums(last);
            Matcher restarted = RESTARTED.matcher(last);
            record(s, kill, restarted.find(), runs, !wrong.isEmpty());
            assertEquals(List.of(), wrong, "the job finished with wrong results after " + s + ", " + kill + " killed:\n" + last);
        }
    }

    /** Cuts the job at the fault point: waits for the halt, or for the paused process and then kills its node or the launcher. */
    private void cut(LocalJob job, LocalJob.Launched launched, Kill kill, Path marker) throws Exception {
        Process launcher = launched.process();
        if (kill == Kill.PROCESS) {
            awaitEnd(launched);
            assertTrue(Files.exists(marker), () -> "the fault point was not reached (no " + marker + "):\n" + outputOf(launched));
            return;
        }
        long deadline = System.nanoTime() + JOB.toNanos();
        while (!Files.exists(marker)) {
            if (!launcher.isAlive() || System.nanoTime() > deadline) {
                launcher.descendants().forEach(ProcessHandle::destroyForcibly);
                launcher.destroyForcibly().waitFor();
                fail("the fault point was not reached (no " + marker + "):\n" + launched.output());
            }
            Thread.sleep(50);
        }
        String[] reached = Files.readString(marker, StandardCharsets.UTF_8).strip().split(" ");
        if (kill == Kill.NODE) {
            String node = reached[reached.length - 1];
            LocalJob.Result crash = job.run(Duration.ofMinutes(1), "kill-node", node);
            assertEquals(0, crash.exitCode(), crash::toString);
            awaitEnd(launched);
        } else {
            List<ProcessHandle> ranks = launcher.descendants().toList();
            launcher.destroyForcibly().waitFor();
            // The ranks end with their launcher by themselves; only a test that failed would kill them.
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (ranks.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < end) {
                Thread.sleep(100);
            }
            List<Long> alive = ranks.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
            ranks.forEach(ProcessHandle::destroyForcibly);
            assertEquals(List.of(), alive, "ranks still running 30 s after their launcher was killed");
        }
    }

    /** Waits for the launcher to end; on a hang kills it and everything it started, and fails. */
    private static void awaitEnd(LocalJob.Launched launched) throws InterruptedException {
        Process launcher = launched.process();
        if (!launcher.waitFor(JOB.toSeconds(), TimeUnit.SECONDS)) {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly().waitFor();
            fail("the launcher did not end within " + JOB + ":\n" + outputOf(launched));
        }
    }

    private static String outputOf(LocalJob.Launched launched) {
        try {
            return launched.output();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> args(List<String> shape, List<String> app, String... runs) {
        List<String> args = new ArrayList<>(List.of("run", "--nodes", "3", "--spares", "2"));
        if (!shape.contains("--runs")) {
            args.addAll(List.of(runs));
        }
        args.addAll(shape);
        args.add("--");
        args.addAll(app);
        return args;
    }

    private static boolean finished(String out) {
        return out.contains("rank 0 step " + STEPS + " checksum");
    }

    /** The lines of an uninterrupted run's results that the output lacks. */
    private static List<String> wrongChecksums(String out) {
        List<String> missing = new ArrayList<>();
        for (int rank = 0; rank < 3; rank++) {
            String line = "rank " + rank + " step " + STEPS + " checksum " + RelaunchApp.expected(rank, BYTES, STEPS);
            if (!out.contains(line)) {
                missing.add(line);
            }
        }
        return missing;
    }

    private static void wipe(Path shm) throws IOException {
        try (Stream<Path> walk = Files.walk(shm)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(shm)).toList()) {
                Files.delete(p);
            }
        }
    }

    private static synchronized void record(Scenario s, Kill kill, boolean fromCheckpoint, int runs, boolean wrong) {
        if (wrong) {
            silentCorruptions++;
        }
        FAULTS.merge(s.point() + "/" + kill.name().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
        if (fromCheckpoint) {
            recovered++;
        } else {
            fallbacks++;
        }
        TRIALS.add(s + ", " + kill + ": " + (fromCheckpoint ? "restarted from a checkpoint" : "restarted from the start")
                + " after " + runs + " launcher run(s)");
    }

    @AfterAll
    static void tally() throws IOException {
        StringBuilder faults = new StringBuilder();
        FAULTS.forEach((k, v) -> faults.append(faults.length() == 0 ? "" : ",").append('"').append(k).append("\":").append(v));
        String json = "{\"suite\":\"interruption\",\"trials\":" + (recovered + fallbacks) + ",\"faults\":{" + faults
                + "},\"recovered\":" + recovered + ",\"fallbacks\":" + fallbacks + ",\"refused\":0,\"silentCorruptions\":" + silentCorruptions + "}";
        TRIALS.forEach(t -> System.out.println("interruption: " + t));
        System.out.println("RELIABILITY " + json);
        Path out = Path.of("target", "reliability");
        Files.createDirectories(out);
        Files.writeString(out.resolve("interruption.json"), json + "\n", StandardCharsets.UTF_8);
    }
}
