package org.scr4j.group.net;

import java.util.Map;
import java.util.Optional;
import org.scr4j.conf.ConfigException;

/**
 * A rank started by the local launcher dies with it, as a node's tasks end with their allocation:
 * without this, a launcher killed by kill -9 would leave its ranks running, and a new launcher would
 * find the old ranks still writing into the same caches. The launcher names itself in
 * {@code SCR4J_LAUNCHER_PID}; Slurm needs nothing of this, since srun's tasks end with srun.
 */
final class LauncherWatch {
    static final String PID = "SCR4J_LAUNCHER_PID";
    /** The status of a process killed by SIGKILL, which is what the rank would see on a real node. */
    private static final int STATUS = 137;

    private LauncherWatch() {
    }

    /** Halts this process when the launcher named in the environment exits; nothing when none is named. */
    static void start(Map<String, String> env) {
        String text = env.get(PID);
        if (text == null || text.isBlank()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new ConfigException(PID + "=" + text + " is not a process id. Fix: leave it to the launcher, which sets it");
        }
        Optional<ProcessHandle> launcher = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (launcher.isEmpty()) {
            halt(pid);
        }
        launcher.get().onExit().thenRun(() -> halt(pid));
    }

    private static void halt(long pid) {
        System.err.println("scr4j: the launcher (pid " + pid + ") that started this rank has ended; this rank ends with it");
        System.err.flush();
        Runtime.getRuntime().halt(STATUS);
    }
}
