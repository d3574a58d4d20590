package org.scr4j.advice;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.scr4j.control.EventLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * scr.checkpoint.interval.auto: the advised interval, read from the event log when first asked
 * and again every {@link #REFRESH}, so a run learns from its own checkpoints and run time as it
 * goes. While there is no advice yet the log is read again after {@link #RETRY}: this run's start
 * is logged, so its first checkpoint is all the advice still needs. Only rank 0 asks (it decides
 * needCheckpoint for every rank). A log that cannot be read gives no advice, with a warning, and
 * the other rules decide.
 */
public final class AutoInterval implements Supplier<Optional<Duration>> {
    /** How long one reading of the log stands; reading it is cheap, but not on every needCheckpoint. */
    public static final Duration REFRESH = Duration.ofMinutes(10);
    /** How soon a reading that gave no advice is tried again. */
    public static final Duration RETRY = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(AutoInterval.class);

    /** Reads the events, oldest first. */
    @FunctionalInterface
    interface Events {
        List<Map<String, Object>> read() throws IOException;
    }

    private final Events events;
    private final Duration refresh;
    private final Duration retry;
    private final Clock clock;
    private Instant readAt;
    /** How long the last reading stands: a failed one as long as advice does, so a broken log is not read at every call. */
    private Duration stands = Duration.ZERO;
    private Optional<Duration> advised = Optional.empty();
    private String said = "";

    AutoInterval(Events events, Duration refresh, Duration retry, Clock clock) {
        this.events = requireNonNull(events, "events is null");
        this.refresh = requireNonNull(refresh, "refresh is null");
        this.retry = requireNonNull(retry, "retry is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The advice from the job's event log. */
    public static AutoInterval fromLog(EventLog log) {
        requireNonNull(log, "log is null");
        return new AutoInterval(log::read, REFRESH, RETRY, Clock.systemUTC());
    }

    @Override
    public synchronized Optional<Duration> get() {
        Instant now = clock.instant();
        if (readAt != null && Duration.between(readAt, now).compareTo(stands) < 0) {
            return advised;
        }
        readAt = now;
        String line;
        boolean failed = false;
        try {
            IntervalAdvice advice = IntervalAdvice.from(events.read());
            advised = advice.interval();
            stands = advised.isPresent() ? refresh : retry;
            line = advised.isPresent() ? "scr.checkpoint.interval.auto: " + advice.summary()
                    : "scr.checkpoint.interval.auto: " + advice.summary() + "; until there is, the other needCheckpoint rules decide";
        } catch (IOException | RuntimeException e) {
            advised = Optional.empty();
            stands = refresh;
            failed = true;
            line = "scr.checkpoint.interval.auto: cannot read the event log (" + e.getMessage()
                    + "); the other needCheckpoint rules decide";
        }
        if (!line.equals(said)) { // said when it changes, not at every reading
            if (failed) {
                LOG.warn(line);
            } else {
                LOG.info(line);
            }
            said = line;
        }
        return advised;
    }
}
