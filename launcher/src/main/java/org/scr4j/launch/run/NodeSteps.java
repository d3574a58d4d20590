package org.scr4j.launch.run;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * One small step per node, all at once (node checks, cache listings): a dead node then fails only
 * its own step, and the others answer in the time of one.
 */
final class NodeSteps {
    /** What each node printed that the caller wanted, and why a node's step could not run. */
    record Answers(Map<String, List<String>> lines, Map<String, String> failures) {
    }

    private final Backend backend;
    private final JobSteps steps;

    NodeSteps(Backend backend, JobSteps steps) {
        this.backend = requireNonNull(backend, "backend is null");
        this.steps = requireNonNull(steps, "steps is null");
    }

    Answers run(String label, List<String> nodes, String mainClass, Predicate<String> keep, Duration timeout)
            throws InterruptedException {
        Map<String, List<String>> lines = new ConcurrentHashMap<>();
        Map<String, String> failures = new ConcurrentHashMap<>();
        Instant deadline = Instant.now().plus(timeout);
        StepMonitor late = () -> Instant.now().isAfter(deadline)
                ? Optional.of(label + " did not finish within " + timeout.toSeconds() + " s") : Optional.empty();
        List<Thread> running = new ArrayList<>();
        for (String node : nodes) {
            List<String> mine = java.util.Collections.synchronizedList(new ArrayList<>());
            lines.put(node, mine);
            Thread t = new Thread(() -> {
                try {
                    StepSpec spec = steps.spec(label + " " + node, JavaCommand.of(mainClass), List.of(node), Map.of(),
                            (rank, line, stderr) -> {
                                if (keep.test(line)) {
                                    mine.add(line);
                                }
                            });
                    StepRunner.Outcome outcome = new StepRunner(backend).run(spec, List.of(late));
                    outcome.killedFor().or(() -> outcome.result().succeeded() ? Optional.empty()
                            : Optional.of(outcome.result().summary())).ifPresent(why -> failures.put(node, why));
                } catch (IOException | RuntimeException e) {
                    failures.put(node, label + " could not run there: " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.put(node, label + " was interrupted");
                }
            }, label.replace(' ', '-') + "-" + node);
            t.start();
            running.add(t);
        }
        for (Thread t : running) {
            t.join();
        }
        return new Answers(lines, failures);
    }
}
