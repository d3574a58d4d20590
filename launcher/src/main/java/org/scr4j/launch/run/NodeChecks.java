package org.scr4j.launch.run;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
        NodeSteps.Answers answers = new NodeSteps(backend, steps).run("node check", nodes, NodeCheckMain.class.getName(),
                line -> line.startsWith(NodeCheckMain.MARK), TIMEOUT);
        for (String node : nodes) {
            Optional<String> answer = answers.lines().get(node).stream()
                    .map(line -> line.substring(NodeCheckMain.MARK.length()).split(" ", 2))
                    .filter(parts -> parts[0].equals(node)).map(parts -> parts.length > 1 ? parts[1] : "").findFirst();
            if (answer.isEmpty()) {
                bad.put(node, "node check: " + answers.failures().getOrDefault(node, "no answer within " + TIMEOUT.toSeconds() + " s"));
            } else if (!answer.get().equals("ok")) {
                bad.put(node, "node check: " + answer.get().replaceFirst("^bad ", ""));
            }
        }
        return bad;
    }
}
