package org.scr4j.group.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.scr4j.conf.ConfigException;

class LauncherWatchTest {
    @Test
    void aRankEndsWhenItsLauncherIsKilledAndNotBefore() throws Exception {
        Process launcher = new ProcessBuilder("sleep", "600").start();
        Process rank = null;
        try {
            rank = rank(launcher.pid());
            assertFalse(rank.waitFor(2, TimeUnit.SECONDS), "the rank runs while its launcher does");
            launcher.destroyForcibly().waitFor();
            assertTrue(rank.waitFor(60, TimeUnit.SECONDS), "the rank outlived its launcher");
            assertEquals(137, rank.exitValue());
        } finally {
            launcher.destroyForcibly();
            if (rank != null) {
                rank.destroyForcibly();
            }
        }
    }

    @Test
    void aRankStartedAfterItsLauncherEndedEndsAtOnce() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Process rank = rank(gone.pid());
        try {
            assertTrue(rank.waitFor(60, TimeUnit.SECONDS));
            assertEquals(137, rank.exitValue());
        } finally {
            rank.destroyForcibly();
        }
    }

    @Test
    void withoutTheVariableNothingIsWatchedAndABadOneIsRefused() {
        LauncherWatch.start(Map.of());
        ConfigException e = assertThrows(ConfigException.class, () -> LauncherWatch.start(Map.of(LauncherWatch.PID, "n1")));
        assertTrue(e.getMessage().contains("SCR4J_LAUNCHER_PID=n1 is not a process id"), e.getMessage());
    }

    private static Process rank(long launcherPid) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), WatchingRank.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put(LauncherWatch.PID, Long.toString(launcherPid));
        return builder.start();
    }

    /** A rank that only watches its launcher. */
    public static final class WatchingRank {
        public static void main(String[] args) throws InterruptedException {
            LauncherWatch.start(System.getenv());
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        }
    }
}
