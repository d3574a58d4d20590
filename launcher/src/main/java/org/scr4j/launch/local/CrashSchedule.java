package org.scr4j.launch.local;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.scr4j.control.EventLog;
import org.scr4j.launch.run.StepMonitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --inject}: node crashes at planned moments, for tests and the demo. {@code n2@checkpoint=3}
 * crashes n2 once the job has committed 3 checkpoints since the launcher started;
 * {@code n2@seconds=20} crashes it 20 s after the launcher started. Each fires once.
 */
public final class CrashSchedule implements StepMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(CrashSchedule.class);
    private static final Pattern SPEC = Pattern.compile("([A-Za-z0-9._-]+)@(checkpoint|seconds)=(\\d+)");

    /** One planned crash. */
    public record Crash(String node, boolean afterCheckpoints, long count) {
        public static Crash parse(String text) {
            Matcher m = SPEC.matcher(requireNonNull(text, "text is null").strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("--inject " + text + ": expected NODE@checkpoint=K (crash NODE once K"
                        + " checkpoints are committed) or NODE@seconds=S (crash it S seconds after the start), such as n2@checkpoint=3");
            }
            return new Crash(m.group(1), m.group(2).equals("checkpoint"), Long.parseLong(m.group(3)));
        }
    }

    private final List<Crash> pending;
    private final LocalBackend backend;
    private final EventLog log;
    private final Instant start;
    private final long checkpointsBefore;

    public CrashSchedule(List<Crash> crashes, LocalBackend backend, EventLog log, Instant start) throws IOException {
        this.pending = new ArrayList<>(crashes);
        this.backend = requireNonNull(backend, "backend is null");
        this.log = requireNonNull(log, "log is null");
        this.start = requireNonNull(start, "start is null");
        this.checkpointsBefore = pending.isEmpty() ? 0 : checkpoints();
    }

    private long checkpoints() throws IOException {
        return log.read().stream().filter(e -> "checkpoint".equals(e.get("event"))).count();
    }

    /** Fires the crashes that are due; never asks to kill the whole step (the crash kills what it kills). */
    @Override
    public Optional<String> poll() throws IOException {
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        long committed = pending.stream().anyMatch(Crash::afterCheckpoints) ? checkpoints() - checkpointsBefore : 0;
        long seconds = Duration.between(start, Instant.now()).toSeconds();
        for (Crash c : List.copyOf(pending)) {
            if (c.afterCheckpoints() ? committed >= c.count() : seconds >= c.count()) {
                pending.remove(c);
                String why = "--inject " + c.node() + "@" + (c.afterCheckpoints() ? "checkpoint=" : "seconds=") + c.count();
                LOG.info("crashing node {} ({}): killing its ranks and wiping its node-local storage", c.node(), why);
                backend.crash(c.node(), why);
            }
        }
        return Optional.empty();
    }
}
