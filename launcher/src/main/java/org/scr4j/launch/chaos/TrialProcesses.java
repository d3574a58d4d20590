package org.scr4j.launch.chaos;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Every process of one trial, found by a mark in its environment ({@value #MARK}) that the
 * trial's launchers pass on to everything they start: so a trial ends all of its processes,
 * including those a killed launcher left behind, and never another's.
 */
final class TrialProcesses {
    static final String MARK = "SCR4J_CHAOS_TRIAL";

    private final String mark;

    TrialProcesses(String mark) {
        this.mark = requireNonNull(mark, "mark is null");
    }

    /** The environment entry that marks a process as one of this trial's. */
    Map<String, String> environment() {
        return Map.of(MARK, mark);
    }

    /**
     * The launcher and everything it started die at once (SIGKILL), as when an allocation ends.
     * The launcher goes first so it cannot start more; what it started in between is found by its mark.
     */
    void killLauncher(ProcessHandle launcher) throws IOException, InterruptedException {
        List<ProcessHandle> started = launcher.descendants().toList();
        launcher.destroyForcibly();
        started.forEach(ProcessHandle::destroyForcibly);
        endAll();
    }

    /** Kills every process of the trial still running and waits until they are gone. */
    void endAll() throws IOException, InterruptedException {
        List<ProcessHandle> found = marked();
        found.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (ProcessHandle p : found) {
            while (!gone(p)) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("process " + p.pid() + " of the trial did not end within 30 s of SIGKILL");
                }
                Thread.sleep(20);
            }
        }
    }

    private List<ProcessHandle> marked() {
        String entry = MARK + "=" + mark;
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses().filter(p -> p.pid() != self && environmentHolds(p.pid(), entry)).toList();
    }

    /** Linux: /proc/PID/environ holds NAME=VALUE entries ended by NUL bytes. */
    private static boolean environmentHolds(long pid, String entry) {
        return procEntries(pid, "environ").contains(entry);
    }

    /**
     * The process's command line, word by word (Linux: /proc/PID/cmdline). ProcessHandle.Info
     * gives none when it is longer than a page, as a JVM's with a long class path is.
     */
    static List<String> commandLine(long pid) {
        return procEntries(pid, "cmdline");
    }

    private static List<String> procEntries(long pid, String file) {
        try {
            String text = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), file)), StandardCharsets.ISO_8859_1);
            return List.of(text.split("\0"));
        } catch (IOException | SecurityException e) {
            return List.of(); // gone, or another user's: not ours either way
        }
    }

    /** Dead, or a zombie waiting for its parent: either way it does nothing more. */
    private static boolean gone(ProcessHandle p) {
        if (!p.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        } catch (IOException e) {
            return true;
        }
    }
}
