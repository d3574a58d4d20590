package org.scr4j.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashPointsTest {
    @TempDir
    Path dir;

    private static Optional<CrashPoints.Armed> armed(Map<Object, Object> properties, Map<String, String> env) {
        return CrashPoints.Armed.of(properties, env);
    }

    @Test
    void nothingIsArmedWithoutTheSetting() {
        assertTrue(armed(Map.of(), Map.of("SCR4J_RANK", "1")).isEmpty());
        assertTrue(armed(Map.of(CrashPoints.PROPERTY, " "), Map.of()).isEmpty());
    }

    @Test
    void theNthTimeThePointIsReachedFiresAndNoOtherTime() {
        CrashPoints.Armed a = armed(Map.of(CrashPoints.PROPERTY, "flush.file:3"), Map.of()).orElseThrow();
        assertFalse(a.due(CrashPoints.FETCH_FILE));
        assertFalse(a.due(CrashPoints.FLUSH_FILE));
        assertFalse(a.due(CrashPoints.FLUSH_FILE));
        assertTrue(a.due(CrashPoints.FLUSH_FILE));
        assertFalse(a.due(CrashPoints.FLUSH_FILE));
    }

    @Test
    void theEnvironmentArmsAProcessAndTheRankSettingPicksOne() {
        Map<String, String> rank1 = Map.of("SCR4J_CRASH_AT", "complete.before-manifest", "SCR4J_CRASH_RANK", "1", "SCR4J_RANK", "1");
        assertEquals(CrashPoints.BEFORE_MANIFEST, armed(Map.of(), rank1).orElseThrow().point());
        Map<String, String> rank2 = Map.of("SCR4J_CRASH_AT", "complete.before-manifest", "SCR4J_CRASH_RANK", "1", "SCR4J_RANK", "2");
        assertTrue(armed(Map.of(), rank2).isEmpty());
        Map<String, String> slurm = Map.of("SCR4J_CRASH_AT", "fetch.file", "SCR4J_CRASH_RANK", "3", "SLURM_PROCID", "3");
        assertTrue(armed(Map.of(), slurm).isPresent());
        // The launcher has no rank: only "launcher" arms it, and a rank number never does.
        Map<String, String> launcher = Map.of("SCR4J_CRASH_AT", "launcher.relaunch", "SCR4J_CRASH_RANK", "launcher");
        assertTrue(armed(Map.of(), launcher).isPresent());
        assertTrue(armed(Map.of(), Map.of("SCR4J_CRASH_AT", "launcher.relaunch", "SCR4J_CRASH_RANK", "0")).isEmpty());
    }

    @Test
    void anUnknownPointOrActionIsRefusedNamingTheChoices() {
        IllegalArgumentException point = assertThrows(IllegalArgumentException.class,
                () -> armed(Map.of(CrashPoints.PROPERTY, "flush.fil"), Map.of()));
        assertTrue(point.getMessage().contains("no fault point 'flush.fil'") && point.getMessage().contains("flush.file"),
                point.getMessage());
        IllegalArgumentException action = assertThrows(IllegalArgumentException.class,
                () -> armed(Map.of(CrashPoints.PROPERTY, "flush.file", CrashPoints.ACTION_PROPERTY, "explode"), Map.of()));
        assertTrue(action.getMessage().contains("choose halt or pause"), action.getMessage());
        IllegalArgumentException marker = assertThrows(IllegalArgumentException.class,
                () -> armed(Map.of(CrashPoints.PROPERTY, "flush.file", CrashPoints.ACTION_PROPERTY, "pause"), Map.of()));
        assertTrue(marker.getMessage().contains(CrashPoints.MARKER_PROPERTY), marker.getMessage());
    }

    @Test
    void aFaultWhoseMarkerExistsIsSpent() throws IOException {
        Path marker = dir.resolve("fired");
        Map<Object, Object> settings = Map.of(CrashPoints.PROPERTY, "fetch.file", CrashPoints.MARKER_PROPERTY, marker.toString());
        assertTrue(armed(settings, Map.of()).isPresent());
        Files.writeString(marker, "fetch.file pid 1 node n1\n");
        assertTrue(armed(settings, Map.of()).isEmpty());
    }

    @Test
    void haltEndsTheProcessAsKillNineWouldAndPauseBlocksItAfterWritingTheMarker() throws Exception {
        Path halted = dir.resolve("halted");
        Process halt = child(List.of("-D" + CrashPoints.PROPERTY + "=fetch.file:2", "-D" + CrashPoints.MARKER_PROPERTY + "=" + halted));
        assertTrue(halt.waitFor(60, TimeUnit.SECONDS));
        assertEquals(CrashPoints.STATUS, halt.exitValue());
        assertEquals("reached fetch.file 1", Files.readString(dir.resolve("out")).strip(), "it halts at the 2nd time, not the 1st");
        assertTrue(Files.readString(halted, StandardCharsets.UTF_8).startsWith("fetch.file pid " + halt.pid() + " node "));

        Path paused = dir.resolve("paused");
        Process pause = child(List.of("-D" + CrashPoints.PROPERTY + "=fetch.file", "-D" + CrashPoints.ACTION_PROPERTY + "=pause",
                "-D" + CrashPoints.MARKER_PROPERTY + "=" + paused));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(paused) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(Files.exists(paused));
            assertFalse(pause.waitFor(1, TimeUnit.SECONDS), "a paused process waits to be killed");
        } finally {
            pause.destroyForcibly().waitFor();
        }
    }

    private Process child(List<String> options) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        command.addAll(options);
        command.addAll(List.of(ReachTwice.class.getName(), dir.resolve("out").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("SCR4J_"));
        return builder.start();
    }

    /** Reaches fetch.file twice, writing to its file after each time. */
    public static final class ReachTwice {
        public static void main(String[] args) throws IOException {
            Path out = Path.of(args[0]);
            for (int i = 1; i <= 2; i++) {
                CrashPoints.reach(CrashPoints.FETCH_FILE);
                Files.writeString(out, "reached fetch.file " + i + "\n");
            }
        }
    }
}
