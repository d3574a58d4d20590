package org.scr4j.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class HaltRecordTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final long NOW_S = NOW.getEpochSecond();

    private static Optional<String> check(HaltRecord r) {
        return r.check(NOW, 0, 0);
    }

    @Test
    void noHaltRequestedMeansNoHalt() {
        assertEquals(Optional.empty(), HaltRecord.NONE.check(NOW, NOW_S + 3600, 600));
    }

    @Test
    void aReasonHaltsAtOnceAndComesFirst() {
        HaltRecord r = HaltRecord.NONE.withReason(Optional.of(HaltRecord.FINALIZE_CALLED))
                .withCheckpoints(OptionalInt.of(0))
                .withExitAfter(Optional.of(NOW.minusSeconds(1)));
        assertEquals(Optional.of("SCR_FINALIZE_CALLED"), check(r));
    }

    @Test
    void checkpointsHaltWhenNoneAreLeft() {
        assertEquals(Optional.empty(), check(HaltRecord.NONE.withCheckpoints(OptionalInt.of(1))));
        assertEquals(Optional.of("CHECKPOINTS_EXHAUSTED"), check(HaltRecord.NONE.withCheckpoints(OptionalInt.of(0))));
        assertEquals(Optional.of("CHECKPOINTS_EXHAUSTED"), check(HaltRecord.NONE.withCheckpoints(OptionalInt.of(-2))));
        assertEquals(Optional.of("CHECKPOINTS_EXHAUSTED"), check(HaltRecord.NONE.withCheckpoints(OptionalInt.of(0))
                .withExitAfter(Optional.of(NOW))), "checkpoints come before exitAfter");
    }

    @Test
    void exitAfterHaltsFromThatInstantOn() {
        assertEquals(Optional.empty(), check(HaltRecord.NONE.withExitAfter(Optional.of(NOW.plusSeconds(1)))));
        assertEquals(Optional.of("EXIT_AFTER 2026-03-01T12:00:00Z"),
                check(HaltRecord.NONE.withExitAfter(Optional.of(NOW))));
        assertEquals(Optional.of("EXIT_AFTER 2026-03-01T11:00:00Z"),
                check(HaltRecord.NONE.withExitAfter(Optional.of(NOW.minusSeconds(3600)))
                        .withExitBefore(Optional.of(NOW))), "exitAfter comes before exitBefore");
    }

    @Test
    void exitBeforeHaltsTheHaltSecondsBeforeIt() {
        HaltRecord before = HaltRecord.NONE.withExitBefore(Optional.of(NOW.plusSeconds(300)));
        assertEquals(Optional.of("EXIT_BEFORE 2026-03-01T12:05:00Z"),
                check(before.withSeconds(OptionalLong.of(300))));
        assertEquals(Optional.empty(), check(before.withSeconds(OptionalLong.of(299))));
        assertEquals(Optional.of("EXIT_BEFORE 2026-03-01T12:05:00Z"), before.check(NOW, 0, 300),
                "without its own seconds, the configured halt seconds count");
        assertEquals(Optional.empty(), before.withSeconds(OptionalLong.of(0)).check(NOW, 0, 300),
                "the record's seconds win over the configured ones");
        assertEquals(Optional.empty(), before.check(NOW, 0, 0));
        assertEquals(Optional.of("EXIT_BEFORE 2026-03-01T12:00:00Z"),
                HaltRecord.NONE.withExitBefore(Optional.of(NOW)).check(NOW, 0, 0));
    }

    @Test
    void theTimeLimitHaltsWhenFewerThanTheHaltSecondsAreLeft() {
        assertEquals(Optional.of("TIME_LIMIT: 100 s left of the allocation, fewer than the halt margin of 600 s"),
                HaltRecord.NONE.check(NOW, NOW_S + 100, 600));
        assertEquals(Optional.empty(), HaltRecord.NONE.check(NOW, NOW_S + 600, 600));
        assertEquals(Optional.of("TIME_LIMIT: 599 s left of the allocation, fewer than the halt margin of 600 s"),
                HaltRecord.NONE.check(NOW, NOW_S + 599, 600));
        assertEquals(Optional.empty(), HaltRecord.NONE.check(NOW, 0, 600), "end time unknown");
        assertEquals(Optional.empty(), HaltRecord.NONE.check(NOW, NOW_S + 100, 0), "no halt margin");
        assertEquals(Optional.empty(), HaltRecord.NONE.withSeconds(OptionalLong.of(50)).check(NOW, NOW_S + 100, 600));
        assertEquals(Optional.of("TIME_LIMIT: 100 s left of the allocation, fewer than the halt margin of 200 s"),
                HaltRecord.NONE.withSeconds(OptionalLong.of(200)).check(NOW, NOW_S + 100, 0));
        assertEquals(Optional.of("TIME_LIMIT: 0 s left of the allocation, fewer than the halt margin of 600 s"),
                HaltRecord.NONE.check(NOW, NOW_S - 30, 600), "past the end");
    }

    @Test
    void anImmediateHaltNeedsItsReason() {
        HaltRecord immediate = HaltRecord.NONE.withReason(Optional.of("SCR_HALT_IMMEDIATE")).withImmediate(true);
        assertEquals(true, immediate.immediate());
        assertEquals(Optional.of("SCR_HALT_IMMEDIATE"), check(immediate));
        assertEquals(HaltRecord.NONE, immediate.withReason(Optional.empty()), "no reason, no immediate halt");
        assertEquals(true, immediate.withReason(Optional.of("other")).immediate());
        assertEquals(false, new HaltRecord(OptionalInt.of(1), Optional.empty(), Optional.empty(), OptionalLong.empty(),
                Optional.of("x")).immediate(), "the five-field constructor is not immediate");
        assertEquals("an immediate halt needs a reason, which the job and the launcher report",
                assertThrows(IllegalArgumentException.class, () -> HaltRecord.NONE.withImmediate(true)).getMessage());
    }

    @Test
    void valuesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> HaltRecord.NONE.withSeconds(OptionalLong.of(-1)));
        assertThrows(IllegalArgumentException.class, () -> HaltRecord.NONE.withReason(Optional.of(" ")));
        assertEquals("reason is null", assertThrows(NullPointerException.class,
                () -> HaltRecord.NONE.withReason(null)).getMessage());
    }
}
