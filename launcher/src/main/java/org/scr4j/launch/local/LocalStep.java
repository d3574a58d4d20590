package org.scr4j.launch.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.scr4j.launch.run.Step;
import org.scr4j.launch.run.StepOutput;
import org.scr4j.launch.run.StepResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes of one step on simulated nodes. As srun --kill-on-bad-exit does, once a rank ends
 * badly the others get a short grace (to report the failure they saw) and are then killed: a job
 * step with a dead rank cannot finish, and waiting would only delay the relaunch.
 */
final class LocalStep implements Step {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStep.class);
    static final Duration GRACE = Duration.ofSeconds(5);

    private final String label;
    private final List<Process> ranks;
    private final List<String> placement;
    private final List<Thread> readers = new ArrayList<>();
    private final Thread watcher;
    private volatile boolean killed;

    LocalStep(String label, List<Process> ranks, List<String> placement, StepOutput output) {
        this.label = label;
        this.ranks = List.copyOf(ranks);
        this.placement = List.copyOf(placement);
        for (int r = 0; r < ranks.size(); r++) {
            readers.add(reader(r, ranks.get(r).getInputStream(), output, false));
            readers.add(reader(r, ranks.get(r).getErrorStream(), output, true));
        }
        this.watcher = new Thread(this::killOnBadExit, "step-watcher-" + label);
        watcher.setDaemon(true);
        watcher.start();
    }

    private Thread reader(int rank, InputStream stream, StepOutput output, boolean stderr) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.line(rank, line, stderr);
                }
            } catch (IOException e) {
                output.line(rank, "(scr4j: reading the output of rank " + rank + " failed: " + e.getMessage() + ")", true);
            }
        }, "rank-" + rank + (stderr ? "-err" : "-out"));
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void killOnBadExit() {
        try {
            while (ranks.stream().anyMatch(Process::isAlive)) {
                for (int r = 0; r < ranks.size(); r++) {
                    Process p = ranks.get(r);
                    if (!p.isAlive() && p.exitValue() != 0) {
                        long deadline = System.nanoTime() + GRACE.toNanos();
                        for (Process other : ranks) {
                            other.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                        }
                        if (ranks.stream().anyMatch(Process::isAlive)) {
                            LOG.info("{}: rank {} on {} exited with {}; ending the other ranks", label, r, placement.get(r),
                                    p.exitValue());
                            kill();
                        }
                        return;
                    }
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.error("{}: could not end the ranks of a failed step: {}", label, e.getMessage());
        }
    }

    /** The processes of the ranks running on a node, for kill-node. */
    List<Process> on(String node) {
        List<Process> found = new ArrayList<>();
        for (int r = 0; r < ranks.size(); r++) {
            if (placement.get(r).equals(node)) {
                found.add(ranks.get(r));
            }
        }
        return found;
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Process p : ranks) {
            if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        // Everything the ranks printed is passed on before the step counts as ended.
        for (Thread t : readers) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        return true;
    }

    @Override
    public void kill() throws IOException {
        killed = true;
        for (Process p : ranks) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : ranks) {
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    throw new IOException("rank process " + p.pid() + " did not end within 30 s of SIGKILL");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while ending the ranks of " + label, e);
            }
        }
    }

    @Override
    public StepResult result() {
        Map<Integer, Integer> exits = new LinkedHashMap<>();
        String summary = null;
        for (int r = 0; r < ranks.size(); r++) {
            Process p = ranks.get(r);
            if (p.isAlive()) {
                throw new IllegalStateException("rank " + r + " of " + label + " is still running; await() the step first");
            }
            exits.put(r, p.exitValue());
            if (p.exitValue() != 0 && summary == null) {
                summary = "rank " + r + " on " + placement.get(r) + " " + describe(p.exitValue());
            }
        }
        if (summary == null) {
            summary = "every rank exited with 0";
        } else if (killed) {
            summary += " (the step was killed)";
        }
        return new StepResult(exits.values().stream().anyMatch(c -> c != 0) ? 1 : 0, exits, summary);
    }

    static String describe(int code) {
        return code > 128 && code < 160 ? "was killed by signal " + (code - 128) : "exited with " + code;
    }
}
