package org.scr4j.launch.run;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Our own view of node health, on top of the resource manager's: a node whose cache tiers are
 * missing, read-only or full, or that does not answer, is down. Simulated nodes are checked in
 * this process (they share its file systems); Slurm nodes by a one-task-per-node step.
 */
public final class NodeChecks {
    /** A node that does not answer the check within this time counts as down. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Backend backend;
    private final NodeStorage storage;
    private final JobSteps steps;

    public NodeChecks(Backend backend, NodeStorage storage, JobSteps steps) {
        this.backend = requireNonNull(backend, "backend is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.steps = requireNonNull(steps, "steps is null");
    }

    /** The nodes that failed, each with why. */
    public Map<String, String> check(List<String> nodes) throws IOException, InterruptedException {
        Map<String, String> bad = new TreeMap<>();
        if (nodes.isEmpty()) {
            return bad;
        }
        if (backend.name().equals("local")) {
            for (String node : nodes) {
                List<String> problems = storage.problems(node);
                if (!problems.isEmpty()) {
                    bad.put(node, "node check: " + String.join("; ", problems));
                }
            }
            return bad;
        }
        // One step per node, all at once: a dead node then fails only its own check.
        Map<String, String> answers = new ConcurrentHashMap<>();
        Instant deadline = Instant.now().plus(TIMEOUT);
        StepMonitor late = () -> Instant.now().isAfter(deadline)
                ? Optional.of("the node check did not finish within " + TIMEOUT.toSeconds() + " s") : Optional.empty();
        List<Thread> running = new ArrayList<>();
        Map<String, String> launchFailures = new ConcurrentHashMap<>();
        for (String node : nodes) {
            StepSpec spec = steps.spec("node check " + node, JavaCommand.of(NodeCheckMain.class.getName()), List.of(node), Map.of(),
                    (rank, line, stderr) -> {
                        if (line.startsWith(NodeCheckMain.MARK)) {
                            String[] parts = line.substring(NodeCheckMain.MARK.length()).split(" ", 2);
                            answers.put(parts[0], parts.length > 1 ? parts[1] : "");
                        }
                    });
            Thread t = new Thread(() -> {
                try {
                    new StepRunner(backend).run(spec, List.of(late));
                } catch (IOException | RuntimeException | InterruptedException e) {
                    launchFailures.put(node, "the check could not run there: " + e.getMessage());
                }
            }, "node-check-" + node);
            t.start();
            running.add(t);
        }
        for (Thread t : running) {
            t.join();
        }
        for (String node : nodes) {
            String answer = answers.get(node);
            if (answer == null) {
                bad.put(node, "node check: " + launchFailures.getOrDefault(node, "no answer within " + TIMEOUT.toSeconds() + " s"));
            } else if (!answer.equals("ok")) {
                bad.put(node, "node check: " + answer.replaceFirst("^bad ", ""));
            }
        }
        return bad;
    }
}
