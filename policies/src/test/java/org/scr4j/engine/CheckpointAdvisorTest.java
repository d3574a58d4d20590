package org.scr4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CheckpointAdvisorTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Optional<Duration> NONE = Optional.empty();

    @Test
    void withNothingConfiguredEveryCallSaysYes() {
        CheckpointAdvisor advisor = new CheckpointAdvisor(0, 0, 0);
        for (long call = 1; call <= 5; call++) {
            assertTrue(advisor.need(call, T0, T0, NONE));
        }
    }

    @Test
    void anIntervalSaysYesOnEveryNthCall() {
        CheckpointAdvisor advisor = new CheckpointAdvisor(3, 0, 0);
        List<Long> yes = new ArrayList<>();
        for (long call = 1; call <= 10; call++) {
            if (advisor.need(call, T0.plusSeconds(call * 1000), T0, Optional.of(Duration.ofHours(1)))) {
                yes.add(call);
            }
        }
        assertEquals(List.of(3L, 6L, 9L), yes);
    }

    @Test
    void secondsSayYesOnceThatLongHasPassedSinceTheLastCheckpoint() {
        CheckpointAdvisor advisor = new CheckpointAdvisor(0, 600, 0);
        assertFalse(advisor.need(1, T0.plusSeconds(599), T0, NONE));
        assertFalse(advisor.need(2, T0.plusMillis(599_999), T0, NONE));
        assertTrue(advisor.need(3, T0.plusSeconds(600), T0, NONE));
        assertTrue(advisor.need(4, T0.plusSeconds(3600), T0, NONE));
    }

    @Test
    void overheadSaysYesOnlyWhileCostOverElapsedPlusCostStaysUnderThePercentage() {
        CheckpointAdvisor advisor = new CheckpointAdvisor(0, 0, 10.0);
        Optional<Duration> tenSeconds = Optional.of(Duration.ofSeconds(10));
        // 10 / (elapsed + 10): 50% after 10 s, 10% exactly after 90 s (not under), 9.9% after 91 s
        assertFalse(advisor.need(1, T0.plusSeconds(10), T0, tenSeconds));
        assertFalse(advisor.need(2, T0.plusSeconds(89), T0, tenSeconds));
        assertFalse(advisor.need(3, T0.plusSeconds(90), T0, tenSeconds));
        assertTrue(advisor.need(4, T0.plusSeconds(91), T0, tenSeconds));
        assertTrue(advisor.need(5, T0.plusSeconds(1000), T0, tenSeconds));
        // a cheaper checkpoint may come sooner: 1 / (9.5 + 1) = 9.5%
        assertTrue(advisor.need(6, T0.plusMillis(9_500), T0, Optional.of(Duration.ofSeconds(1))));
        // the clock runs from the end of the last checkpoint, not from the start of the run
        assertFalse(advisor.need(7, T0.plusSeconds(1000), T0.plusSeconds(950), tenSeconds));
    }

    @Test
    void overheadTakesAFirstCheckpointToMeasureItsCost() {
        assertTrue(new CheckpointAdvisor(0, 0, 5.0).need(1, T0, T0, NONE));
    }

    @Test
    void theRulesCombine_anyOneSayingYesIsEnough() {
        CheckpointAdvisor advisor = new CheckpointAdvisor(4, 100_000, 1.0);
        Optional<Duration> minute = Optional.of(Duration.ofMinutes(1));
        Optional<Duration> hour = Optional.of(Duration.ofHours(1));
        assertFalse(advisor.need(1, T0.plusSeconds(60), T0, minute)); // no rule holds: 50% overhead, 60 s, call 1
        assertTrue(advisor.need(4, T0.plusSeconds(60), T0, minute)); // the interval alone
        assertTrue(advisor.need(5, T0.plusSeconds(100_000), T0, hour)); // the seconds alone: 3600 / 103600 is 3.5%
        assertFalse(advisor.need(6, T0.plusSeconds(99_999), T0, hour)); // none: 1 s short, and 3.5% overhead
        assertTrue(advisor.need(7, T0.plusSeconds(6060), T0, minute)); // the overhead alone: 60 / 6120 is 0.98%
    }

    @Test
    void autoAdviceOnceThereIsSomeDecidesAlone_byTheTimeSinceTheLastCheckpointEnded() {
        Optional<Duration> fiveMinutes = Optional.of(Duration.ofMinutes(5));
        CheckpointAdvisor advisor = new CheckpointAdvisor(3, 60, 50.0, () -> fiveMinutes);
        assertFalse(advisor.need(3, T0.plusSeconds(299), T0, Optional.of(Duration.ofSeconds(1))),
                "the interval, seconds and overhead rules would all say yes; the advice says not yet");
        assertTrue(advisor.need(4, T0.plusSeconds(300), T0, NONE));
        assertFalse(advisor.need(5, T0.plusSeconds(400), T0.plusSeconds(301), NONE), "counted from the last checkpoint's end");
        assertFalse(new CheckpointAdvisor(0, 0, 0, () -> fiveMinutes).need(1, T0, T0, NONE),
                "with no rule configured, the advice still decides: a run starts from a checkpoint or from nothing to lose");
    }

    @Test
    void untilThereIsAdviceTheConfiguredRulesDecideAsBefore() {
        CheckpointAdvisor intervalThree = new CheckpointAdvisor(3, 0, 0, CheckpointAdvisor.NO_ADVICE);
        assertFalse(intervalThree.need(2, T0.plusSeconds(10_000), T0, NONE));
        assertTrue(intervalThree.need(3, T0, T0, NONE));
        CheckpointAdvisor nothing = new CheckpointAdvisor(0, 0, 0, Optional::empty);
        assertTrue(nothing.need(1, T0, T0, NONE), "nothing configured and no advice: every call, as without auto");
    }

    @Test
    void theAdviceIsAskedAtEveryDecision_soNewAdviceTakesOverAtOnce() {
        AtomicReference<Optional<Duration>> advice = new AtomicReference<>(Optional.empty());
        CheckpointAdvisor advisor = new CheckpointAdvisor(0, 0, 0, advice::get);
        assertTrue(advisor.need(1, T0.plusSeconds(10), T0, NONE));
        advice.set(Optional.of(Duration.ofSeconds(60)));
        assertFalse(advisor.need(2, T0.plusSeconds(59), T0, NONE));
        assertTrue(advisor.need(3, T0.plusSeconds(60), T0, NONE));
    }
}
