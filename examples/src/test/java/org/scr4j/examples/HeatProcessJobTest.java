package org.scr4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HeatProcess} as `scr4j run` starts it: four rank JVMs on four simulated nodes, configured
 * by the shipped examples/heat-multinode.conf (its RAM disk under /dev/shm/scr4j-demo, XOR), with
 * the prefix and a job id of the test's own. A run killed with SIGKILL after some checkpoints and
 * restarted ends with each rank's tile bit for bit as an uninterrupted run's, and as the tile
 * computed here without scr4j.
 */
@Timeout(300)
class HeatProcessJobTest {
    private static final String MAIN = HeatProcess.class.getName();
    private static final List<String> NODES = List.of("n0", "n1", "n2", "n3");
    private static final int SIZE = 40;
    private static final int STEPS = 60;
    private static final Duration RUN = Duration.ofSeconds(90);
    private static final Pattern CHECKSUM = Pattern.compile("rank (\\d+) step (\\d+) checksum ([0-9a-f]{8})");
    private static final Pattern RESTARTED = Pattern.compile("rank (\\d+) restarted from ckpt\\.(\\d+) at step (\\d+)");

    @TempDir
    Path tmp;

    private final List<String> jobs = new ArrayList<>();

    /** The job's RAM disk directory, as the conf's STORE expands for ${user} and ${job}. */
    private static Path ram(String job) {
        return Path.of("/dev/shm/scr4j-demo/ram", System.getProperty("user.name"), "scr4j", job);
    }

    @AfterEach
    void removeRamDisks() throws IOException {
        for (String job : jobs) {
            JobDirs.deleteTree(ram(job));
        }
        // Parents the test may have made; a demo's directories are left alone.
        for (Path dir = ram("x").getParent(); dir.startsWith("/dev/shm/scr4j-demo"); dir = dir.getParent()) {
            try {
                Files.deleteIfExists(dir);
            } catch (DirectoryNotEmptyException e) {
                break;
            }
        }
    }

    private Map<String, String> env(String job) {
        jobs.add(job);
        Map<String, String> env = new HashMap<>();
        env.put("SCR_CONF_FILE", Path.of(System.getProperty("basedir", ".")).resolve("heat-multinode.conf").toString());
        env.put("SCR_PREFIX", tmp.resolve(job).resolve("prefix").toString());
        env.put("SCR_JOB_ID", job);
        env.put("SCR_CHECKPOINT_INTERVAL", "5"); // the environment overrides the conf's 10: more checkpoints to kill between
        return env;
    }

    private static String newJob(String what) {
        return "heat-process-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static List<String> args(int steps, String... more) {
        List<String> args = new ArrayList<>(List.of("--size", "" + SIZE, "--steps", "" + steps));
        args.addAll(List.of(more));
        return args;
    }

    /** The tile of {@code rank} after {@code steps} steps, computed here without scr4j. */
    private static String expected(int rank, int steps) {
        HeatTile tile = new HeatTile(SIZE, rank);
        for (int s = 0; s < steps; s++) {
            tile.step();
        }
        return tile.checksum();
    }

    /** Every rank exited 0 and printed exactly one checksum line, at {@code steps}; returns the checksums by rank. */
    private static List<String> checksums(RankJvms ranks, int steps) throws InterruptedException {
        List<Integer> codes = ranks.waitForAll(RUN);
        List<String> sums = new ArrayList<>();
        for (int r = 0; r < ranks.size(); r++) {
            assertEquals(0, codes.get(r), "rank " + r + " failed\n" + ranks.outputs());
            String prefix = "rank " + r + " step ";
            List<String> lines = ranks.lines(r).stream().filter(l -> l.startsWith(prefix)).toList();
            assertEquals(1, lines.size(), "one checksum line of rank " + r + "\n" + ranks.outputs());
            Matcher m = CHECKSUM.matcher(lines.get(0));
            assertTrue(m.matches(), lines.get(0));
            assertEquals(r, Integer.parseInt(m.group(1)));
            assertEquals(steps, Integer.parseInt(m.group(2)), lines.get(0));
            sums.add(m.group(3));
        }
        return sums;
    }

    /** The step every rank restarted from (the same on all), checked against the name. */
    private static int restartedAt(RankJvms ranks) {
        int step = -1;
        for (int r = 0; r < ranks.size(); r++) {
            List<String> lines = ranks.lines(r).stream().filter(l -> RESTARTED.matcher(l).matches()).toList();
            assertEquals(1, lines.size(), "one restart line of rank " + r + "\n" + ranks.outputs());
            Matcher m = RESTARTED.matcher(lines.get(0));
            assertTrue(m.matches());
            assertEquals(r, Integer.parseInt(m.group(1)));
            assertEquals(m.group(2), m.group(3), "the name and the step agree: " + lines.get(0));
            int at = Integer.parseInt(m.group(3));
            assertTrue(step < 0 || step == at, "every rank restarts from one checkpoint\n" + ranks.outputs());
            step = at;
        }
        return step;
    }

    @Test
    void aJobKilledAfterSomeCheckpointsAndRestartedEndsWithTheTilesOfAnUninterruptedOne() throws Exception {
        List<String> reference = new ArrayList<>();
        for (int r = 0; r < NODES.size(); r++) {
            reference.add(expected(r, STEPS));
        }
        assertEquals(NODES.size(), reference.stream().distinct().count(), "every rank's tile differs: " + reference);

        String straight = newJob("straight");
        List<String> uninterrupted;
        try (RankJvms ranks = RankJvms.start(MAIN, NODES, env(straight), args(STEPS), tmp.resolve(straight))) {
            uninterrupted = checksums(ranks, STEPS);
            assertTrue(ranks.lines(0).stream().noneMatch(l -> l.contains("restarted")), ranks.outputs());
        }
        assertEquals(reference, uninterrupted);
        // The conf's levels: XOR on every checkpoint in each node's RAM disk, every 4th checkpoint (step 20, 40) flushed.
        for (int r = 0; r < NODES.size(); r++) {
            Path node = ram(straight).resolve(NODES.get(r));
            String suffix = ".rank." + r;
            try (var parts = Files.list(node)) {
                List<Path> all = parts.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
                assertFalse(all.isEmpty(), "node " + NODES.get(r) + " caches rank " + r + "'s checkpoints in " + node);
                for (Path part : all) {
                    String header = Files.readString(part.resolve("redundancy/header.json"));
                    assertTrue(header.contains("\"scheme\" : \"XOR\""), header);
                }
            }
        }
        Path prefix = tmp.resolve(straight).resolve("prefix");
        assertTrue(Files.isDirectory(prefix.resolve("ckpt.20")) && Files.isDirectory(prefix.resolve("ckpt.40")), "flushed");
        assertFalse(Files.exists(prefix.resolve("ckpt.15")) || Files.exists(prefix.resolve("ckpt.35")), "not flushed");

        String killed = newJob("killed");
        Map<String, String> env = env(killed);
        try (RankJvms ranks = RankJvms.start(MAIN, NODES, env, args(STEPS, "--step-millis", "40"), tmp.resolve(killed))) {
            ranks.waitForLine(0, "rank 0 checkpoint ckpt.15 complete"::equals, RUN);
            ranks.killAll();
            for (int r = 0; r < NODES.size(); r++) {
                int rank = r;
                assertTrue(ranks.lines(r).stream().noneMatch(l -> l.startsWith("rank " + rank + " step ")),
                        "killed before the end\n" + ranks.outputs());
            }
        }
        try (RankJvms ranks = RankJvms.start(MAIN, NODES, env, args(STEPS), tmp.resolve(killed))) {
            List<String> restarted = checksums(ranks, STEPS);
            int at = restartedAt(ranks);
            assertTrue(at >= 15 && at < STEPS && at % 5 == 0, "restarted at step " + at + "\n" + ranks.outputs());
            assertEquals(uninterrupted, restarted, "restarted at step " + at);
        }
    }

    @Test
    void theFirstRunToReachTheHangStepHangsThereAndTheNextRunFinishes() throws Exception {
        int steps = 30;
        Path marker = tmp.resolve("markers").resolve("hung");
        String job = newJob("hang");
        Map<String, String> env = env(job);
        List<String> args = args(steps, "--hang-at", "12", "--hang-marker", marker.toString());
        try (RankJvms ranks = RankJvms.start(MAIN, NODES, env, args, tmp.resolve(job))) {
            for (int r = 0; r < NODES.size(); r++) {
                ranks.waitForLine(r, ("rank " + r + " hanging at step 12 (marker " + marker + ")")::equals, RUN);
            }
            assertTrue(Files.exists(marker), "the hanging run created " + marker);
            List<List<String>> before = new ArrayList<>();
            for (int r = 0; r < NODES.size(); r++) {
                before.add(ranks.lines(r));
            }
            Thread.sleep(1500);
            for (int r = 0; r < NODES.size(); r++) {
                assertTrue(ranks.isAlive(r), "rank " + r + " hangs, alive\n" + ranks.outputs());
                assertEquals(before.get(r), ranks.lines(r), "rank " + r + " printed nothing more: it is stuck\n" + ranks.outputs());
            }
            ranks.killAll();
        }
        try (RankJvms ranks = RankJvms.start(MAIN, NODES, env, args, tmp.resolve(job))) {
            List<String> sums = checksums(ranks, steps);
            assertEquals(10, restartedAt(ranks), "the newest checkpoint before the hang\n" + ranks.outputs());
            for (int r = 0; r < NODES.size(); r++) {
                assertEquals(expected(r, steps), sums.get(r), "rank " + r);
                assertTrue(ranks.lines(r).stream().noneMatch(l -> l.contains("hanging")), ranks.outputs());
            }
        }
    }
}
