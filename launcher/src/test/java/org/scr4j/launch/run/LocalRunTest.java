package org.scr4j.launch.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `scr4j run` on simulated nodes, end to end: real rank processes, a real job group over TCP,
 * real node-local RAM disk directories that a crash wipes. Every job must end with the checksums
 * of an uninterrupted run.
 */
class LocalRunTest {
    private static final Duration JOB = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void nodeCrashIsSurvivedOnASpareWithARebuild() throws Exception {
        int bytes = 256 * 1024;
        int steps = 24;
        try (LocalJob job = new LocalJob(dir, "CKPT=0 INTERVAL=1 STORE=ram TYPE=XOR", "SCR_FLUSH=0")) {
            List<String> args = new ArrayList<>(List.of("run", "--nodes", "3", "--spares", "1", "--runs", "3",
                    "--inject", "n2@checkpoint=3", "--"));
            args.addAll(LocalJob.app(steps, bytes, 150));
            LocalJob.Result r = job.run(JOB, args.toArray(String[]::new));
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.out().contains("run 1: 3 rank(s) on n1,n2,n3; spares: n4"), r::toString);
            assertTrue(r.out().contains("run 2: 3 rank(s) on n1,n4,n3; spares: none; down: n2"), r::toString);
            assertChecksums(r.out(), 3, bytes, steps);
            // Nothing is flushed (SCR_FLUSH=0): rank 1's state can only come from the rebuild on n4.
            Matcher restarted = Pattern.compile("rank 1 restarted from ckpt\\.(\\d+)").matcher(r.out());
            assertTrue(restarted.find(), r::toString);
            assertTrue(Integer.parseInt(restarted.group(1)) >= 3, r::toString);
            List<Map<String, Object>> log = log(job.prefix);
            assertTrue(log.stream().anyMatch(e -> "failure".equals(e.get("event")) && "n2".equals(e.get("node"))
                    && String.valueOf(e.get("cause")).contains("crashed")), log::toString);
            assertTrue(log.stream().anyMatch(e -> "rebuild".equals(e.get("event")) && "1".equals(e.get("lostRanks"))), log::toString);
            assertTrue(r.out().contains("finished after 2 run(s), 1 failure(s) survived"), r::toString);
        }
    }

    @Test
    void withoutSparesTheLostNodesRanksDoubleUpAboveTheMinimum() throws Exception {
        int bytes = 64 * 1024;
        int steps = 16;
        try (LocalJob job = new LocalJob(dir, "CKPT=0 INTERVAL=1 STORE=ram TYPE=XOR", "SCR_FLUSH=0")) {
            List<String> args = new ArrayList<>(List.of("run", "--nodes", "3", "--min-nodes", "2", "--runs", "2",
                    "--inject", "n3@checkpoint=2", "--"));
            args.addAll(LocalJob.app(steps, bytes, 150));
            LocalJob.Result r = job.run(JOB, args.toArray(String[]::new));
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.out().contains("run 2: 3 rank(s) on n1,n2; spares: none; down: n3"), r::toString);
            assertChecksums(r.out(), 3, bytes, steps);
            assertTrue(r.out().contains("rank 2 restarted from ckpt."), r::toString);
        }
    }

    @Test
    void aHungStepIsKilledByTheWatchdogAndRelaunched() throws Exception {
        int bytes = 4096;
        int steps = 16;
        try (LocalJob job = new LocalJob(dir, "CKPT=0 INTERVAL=1 STORE=ram TYPE=SINGLE", "SCR_FLUSH=0")) {
            List<String> args = new ArrayList<>(List.of("run", "--nodes", "2", "--runs", "2", "--watchdog", "4", "--"));
            args.addAll(LocalJob.app(steps, bytes, 100, 6, dir.resolve("hung")));
            LocalJob.Result r = job.run(JOB, args.toArray(String[]::new));
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.out().contains("rank 0 hangs at step 6"), r::toString);
            assertTrue(r.out().contains("run 1 failed: node -: hang: no progress"), r::toString);
            assertChecksums(r.out(), 2, bytes, steps);
            assertTrue(log(job.prefix).stream().anyMatch(e -> "failure".equals(e.get("event"))
                    && String.valueOf(e.get("cause")).startsWith("hang")));
        }
    }

    @Test
    void afterTheLauncherDiesDrainSavesTheNewestCheckpointRebuildingALostNode() throws Exception {
        int bytes = 128 * 1024;
        try (LocalJob job = new LocalJob(dir, "CKPT=0 INTERVAL=1 STORE=ram TYPE=XOR", "SCR_FLUSH=1000")) {
            List<String> args = new ArrayList<>(List.of("run", "--nodes", "3", "--runs", "1", "--"));
            args.addAll(LocalJob.app(100000, bytes, 100));
            LocalJob.Launched launcher = job.start(args.toArray(String[]::new));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (checkpoints(job.prefix) < 4) {
                assertTrue(System.nanoTime() < deadline && launcher.process().isAlive(), launcher.output());
                Thread.sleep(200);
            }
            // The allocation ends: the launcher and every rank die at once. Then node n3 is lost too.
            launcher.process().descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.process().destroyForcibly().waitFor();
            LocalJob.Result crash = job.run(Duration.ofMinutes(1), "kill-node", "n3");
            assertEquals(0, crash.exitCode(), crash::toString);

            LocalJob.Result down = job.run(Duration.ofMinutes(1), "list-down-nodes");
            assertEquals("n3", down.out().strip().lines().reduce((a, b) -> b).orElse(""), down::toString);
            LocalJob.Result inspect = job.run(Duration.ofMinutes(2), "inspect");
            assertEquals(0, inspect.exitCode(), inspect::toString);
            assertTrue(inspect.out().contains("node n3: DOWN"), inspect::toString);
            assertTrue(Pattern.compile("ckpt\\.\\d+ \\(id \\d+\\), XOR: ranks present 0,1, missing 2: RECOVERABLE")
                    .matcher(inspect.out()).find(), inspect::toString);

            LocalJob.Result rebuild = job.run(JOB, "rebuild");
            assertEquals(0, rebuild.exitCode(), rebuild::toString);
            assertTrue(rebuild.out().contains("rebuilt the files of rank(s) 2"), rebuild::toString);
            LocalJob.Result drain = job.run(JOB, "drain");
            assertEquals(0, drain.exitCode(), drain::toString);
            Matcher name = Pattern.compile("(ckpt\\.(\\d+))[^\\n]*: flushed").matcher(drain.out());
            assertTrue(name.find(), drain::toString);
            int step = Integer.parseInt(name.group(2));
            assertTrue(step >= 4, drain::toString);

            // A new job (a new allocation: new caches) restarts from what the drain saved, bit for bit.
            List<String> again = new ArrayList<>(List.of("run", "--nodes", "3", "--runs", "1", "--"));
            again.addAll(LocalJob.app(step + 3, bytes, 10));
            LocalJob.Result r = job.run(JOB, again.toArray(String[]::new));
            assertEquals(0, r.exitCode(), r::toString);
            for (int rank = 0; rank < 3; rank++) {
                assertTrue(r.out().contains("rank " + rank + " restarted from " + name.group(1) + " at step " + step), r::toString);
            }
            assertChecksums(r.out(), 3, bytes, step + 3);
        }
    }

    private static void assertChecksums(String out, int ranks, int bytes, int steps) {
        for (int rank = 0; rank < ranks; rank++) {
            String line = "rank " + rank + " step " + steps + " checksum " + RelaunchApp.expected(rank, bytes, steps);
            assertTrue(out.contains(line), () -> "missing '" + line + "' in:\n" + out);
        }
    }

    private static long checkpoints(Path prefix) throws IOException {
        return log(prefix).stream().filter(e -> "checkpoint".equals(e.get("event"))).count();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> log(Path prefix) throws IOException {
        Path log = prefix.resolve(".scr4j/log");
        List<Map<String, Object>> events = new ArrayList<>();
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log)) {
                if (!line.isBlank()) {
                    events.add(JSON.readValue(line, Map.class));
                }
            }
        }
        return events;
    }
}
