package org.scr4j.launch.run;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Launches a step and watches it until it ends, killing it when a monitor says so (hang, halt --immediate). */
public final class StepRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StepRunner.class);
    private static final Duration POLL = Duration.ofMillis(500);

    /** How a step ended, and why the launcher killed it, if it did. */
    public record Outcome(StepResult result, Optional<String> killedFor) {
    }

    private final Backend backend;

    public StepRunner(Backend backend) {
        this.backend = requireNonNull(backend, "backend is null");
    }

    public Outcome run(StepSpec spec, List<StepMonitor> monitors) throws IOException, InterruptedException {
        Step step = backend.launch(spec);
        Optional<String> killedFor = Optional.empty();
        try {
            while (!step.await(POLL)) {
                for (StepMonitor m : monitors) {
                    Optional<String> reason = m.poll();
                    if (reason.isPresent() && killedFor.isEmpty()) {
                        killedFor = reason;
                        LOG.warn("{}: killing the step: {}", spec.label(), reason.get());
                        step.kill();
                    }
                }
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            // Never leave ranks running behind a launcher that gives up on them.
            try {
                step.kill();
            } catch (IOException k) {
                e.addSuppressed(k);
            }
            throw e;
        }
        return new Outcome(step.result(), killedFor);
    }
}
