package org.scr4j.advice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.control.ControlDirectory;

class AutoIntervalTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(EventScript.T0);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void withoutAdviceTheLogIsReadAgainAfterASecond_withAdviceAfterTenMinutes() {
        List<Map<String, Object>> log = new ArrayList<>(new EventScript().start(0).nodeLost(3600, 1, "n1").events());
        AtomicInteger reads = new AtomicInteger();
        AutoInterval auto = new AutoInterval(() -> {
            reads.incrementAndGet();
            return List.copyOf(log);
        }, Duration.ofMinutes(10), Duration.ofSeconds(1), clock);

        assertEquals(Optional.empty(), auto.get(), "no checkpoint cost yet");
        log.addAll(new EventScript().start(3700).checkpoint(3800, 1, 0, "XOR", 10).rankExited(7300, 2, "n1")
                .start(7300).rankExited(10900, 3, "n1").events());
        now.set(EventScript.T0.plusMillis(999));
        assertEquals(Optional.empty(), auto.get(), "read again no sooner than a second later");
        assertEquals(1, reads.get());

        now.set(EventScript.T0.plusSeconds(1));
        assertEquals(261.703, auto.get().orElseThrow().toNanos() / 1e9, 1e-3, "C = 10 s, M = 3 h / 3 failures");
        assertEquals(2, reads.get());

        log.add(new EventScript().start(11000).events().get(0));
        now.set(EventScript.T0.plusSeconds(600));
        assertEquals(261.703, auto.get().orElseThrow().toNanos() / 1e9, 1e-3);
        assertEquals(2, reads.get(), "advice stands for ten minutes");
        now.set(EventScript.T0.plusSeconds(601));
        auto.get();
        assertEquals(3, reads.get());
    }

    @Test
    void aLogThatCannotBeReadGivesNoAdvice_andIsNotReadAgainAtEveryCall() {
        AtomicInteger reads = new AtomicInteger();
        AutoInterval auto = new AutoInterval(() -> {
            reads.incrementAndGet();
            throw new IOException("permission denied");
        }, Duration.ofMinutes(10), Duration.ofSeconds(1), clock);
        assertEquals(Optional.empty(), auto.get());
        now.set(EventScript.T0.plusSeconds(5));
        assertEquals(Optional.empty(), auto.get());
        assertEquals(1, reads.get());
    }

    @Test
    void fromLogReadsTheJobsEventLog(@TempDir Path prefix) throws Exception {
        ControlDirectory control = ControlDirectory.open(prefix.toUri(), new Configuration());
        try {
            control.log().append(Map.of("event", "start", "ranks", 1, "nodes", 1));
            control.log().append(Map.of("event", "checkpoint", "id", 1, "level", 0, "tier", "ram", "scheme", "XOR", "seconds", 0.5));
            assertTrue(AutoInterval.fromLog(control.log()).get().isPresent(), "C = 0.5 s, M >= the run so far");
        } finally {
            control.fileSystem().close();
        }
    }
}
