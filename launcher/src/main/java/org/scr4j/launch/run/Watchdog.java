package org.scr4j.launch.run;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.scr4j.control.ControlDirectory;

/**
 * Kills a step that makes no progress: rank 0 of a live job writes the heartbeat file whenever it
 * passes through the API (at most every scr.heartbeat.seconds), so a heartbeat older than the
 * timeout, and older than the step, means a hang (a deadlock, a stuck file system, a rank waiting
 * for a peer that will never answer).
 */
public final class Watchdog implements StepMonitor {
    private final ControlDirectory control;
    private final Duration timeout;
    private final Instant stepStart;

    public Watchdog(ControlDirectory control, Duration timeout, Instant stepStart) {
        this.control = requireNonNull(control, "control is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.stepStart = requireNonNull(stepStart, "stepStart is null");
    }

    /** How often the library should beat for this timeout: four beats per timeout, at least one a second. */
    public static long heartbeatSeconds(Duration timeout) {
        return Math.max(1, timeout.toSeconds() / 4);
    }

    @Override
    public Optional<String> poll() throws IOException {
        Instant beat = control.heartbeat().read().filter(b -> b.isAfter(stepStart)).orElse(stepStart);
        Duration quiet = Duration.between(beat, Instant.now());
        if (quiet.compareTo(timeout) > 0) {
            return Optional.of("hang: no progress (no heartbeat, no checkpoint) for " + quiet.toSeconds()
                    + " s, more than the watchdog's " + timeout.toSeconds() + " s");
        }
        return Optional.empty();
    }
}
