package org.scr4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.launch.run.JavaCommand;

/**
 * `scr4j chaos` in CI's shortened form, run as from a shell (the command in a JVM of its own, each
 * launcher and each rank in one of theirs): two trials of seed {@value #SEED}, drawn so that each
 * kind of fault happens. Trial 1: a rank of an XOR job is killed with --runs 1, so the launcher
 * stops by design, drains, and the job runs again on fresh nodes. Trial 2: a node of a PARTNER job
 * crashes, then the launcher is killed with all it started and `scr4j run` starts again in a new
 * allocation. The full count is {@code ./scr4j chaos --trials 200 --seed S --json F}.
 */
@Timeout(900)
class ChaosCommandTest {
    private static final long SEED = 29124;
    /** A trial of one rank kill, cheap to run again to show that a wrong checksum is caught. */
    private static final long CHEAP_SEED = 4403;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PASSED = Set.of("recovered-newest", "recovered-older", "refused");
    private static final long STARTED = System.currentTimeMillis();
    private static JsonNode totals;

    @TempDir
    Path dir;

    private record Result(int exitCode, String out) {
    }

    /** Runs `scr4j chaos ARGS` in a JVM of its own, with this module's heat example on its class path. */
    private Result chaos(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("chaos"));
        command.addAll(List.of(args));
        Path out = dir.resolve("chaos-" + System.nanoTime() + ".out");
        Process p = new ProcessBuilder(JavaCommand.of(List.of("-Xmx256m"), "org.scr4j.launch.Main", command))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(800, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            throw new AssertionError("scr4j chaos did not end within 800 s:\n" + Files.readString(out, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    @Test
    void killedRanksNodesAndLaunchersEndWithTheExactChecksumsOrADocumentedFallbackNeverACorruption() throws Exception {
        Path json = dir.resolve("chaos.json");
        Result r = chaos("--trials", "2", "--seed", Long.toString(SEED), "--dir", dir.resolve("work").toString(),
                "--json", json.toString());
        assertEquals(0, r.exitCode(), r::out);
        JsonNode report = JSON.readTree(json.toFile());
        assertEquals(2, report.get("trials").asInt(), r::out);
        assertEquals(0, report.get("silentCorruptions").asInt(), r::out);
        assertEquals(0, report.get("failed").asInt(), r::out);
        for (String kind : List.of("rank-kill", "node-crash", "launcher-kill")) {
            assertTrue(report.get("faults").get(kind).asInt() >= 1, () -> kind + " never fired:\n" + r.out());
        }
        assertEquals(2, report.get("recovered").asInt() + report.get("fallbacks").asInt() + report.get("refused").asInt(), r::out);
        for (JsonNode trial : report.get("records")) {
            assertTrue(PASSED.contains(trial.get("outcome").asText()), () -> trial + "\n" + r.out());
        }
        // Trial 1's rank kill uses up --runs 1: the launcher must say so and stop, and the rerun must be exact.
        JsonNode first = report.get("records").get(0);
        assertEquals("refused", first.get("outcome").asText(), r::out);
        assertTrue(first.get("detail").asText().contains("no runs left (--runs 1)"), r::out);
        assertEquals(2, first.get("launches").asInt(), r::out);
        // No trial left a process (the launcher killed in trial 2 included) or a RAM disk directory behind.
        assertEquals(List.of(), trialProcesses(), r::out);
        try (var shm = Files.list(Path.of("/dev/shm"))) {
            List<Path> left = shm.filter(p -> p.getFileName().toString().startsWith("scr4j-chaos-") && newerThanTheTests(p)).toList();
            assertEquals(List.of(), left, r::out);
        }
        totals = report;
    }

    @Test
    void aFinalChecksumThatDiffersFromTheUninterruptedComputationIsReportedAsASilentCorruption() throws Exception {
        // The job is fine; the expectation is made wrong (a bit of rank 0's checksum flipped), which the check must catch.
        Path json = dir.resolve("corrupt.json");
        Result r = chaos("--seed", Long.toString(CHEAP_SEED), "--trial", "1", "--corrupt-expected", "--dir",
                dir.resolve("work").toString(), "--json", json.toString());
        assertEquals(3, r.exitCode(), r::out);
        assertTrue(r.out().contains("!!! SILENT CORRUPTION in trial 1 of seed " + CHEAP_SEED + ": "), r::out);
        assertTrue(r.out().contains("rank 0 printed "), r::out);
        assertTrue(r.out().contains("SILENT CORRUPTIONS  1   trial(s) [1]"), r::out);
        JsonNode report = JSON.readTree(json.toFile());
        assertEquals(1, report.get("silentCorruptions").asInt(), r::out);
        assertEquals("SILENT-CORRUPTION", report.get("records").get(0).get("outcome").asText(), r::out);
        assertTrue(Files.isRegularFile(dir.resolve("work/trial-1/launcher-1.out")), "the corrupt trial's files are kept");
    }

    private static boolean newerThanTheTests(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis() >= STARTED;
        } catch (IOException e) {
            return false; // gone meanwhile
        }
    }

    /** Processes that carry a chaos trial's mark in their environment (Linux: /proc/PID/environ). */
    private static List<Long> trialProcesses() {
        return ProcessHandle.allProcesses().map(ProcessHandle::pid).filter(pid -> {
            try {
                return new String(Files.readAllBytes(Path.of("/proc", pid.toString(), "environ")), StandardCharsets.ISO_8859_1)
                        .contains("SCR4J_CHAOS_TRIAL=");
            } catch (IOException | SecurityException e) {
                return false;
            }
        }).toList();
    }

    /** The reliability tally of the two trials (the corruption check is a test of the check, not a trial). */
    @AfterAll
    static void tally() throws IOException {
        if (totals == null) {
            return;
        }
        ObjectNode t = JSON.createObjectNode();
        for (String field : List.of("suite", "trials", "faults", "recovered", "fallbacks", "refused", "silentCorruptions")) {
            t.set(field, totals.get(field));
        }
        Path file = Path.of("target", "reliability", "chaos.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(t));
        System.out.println("RELIABILITY " + JSON.writeValueAsString(t));
    }
}
