package org.scr4j.advice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class IntervalAdviceTest {
    private static final double EPS = 1e-3;

    /** Three one-hour runs of an XOR level, each ended by a failure: M = 1 h. */
    @Test
    void oneXorLevelWithThreeFailuresInThreeHours() {
        IntervalAdvice a = new EventScript()
                .start(0).checkpoint(100, 1, 0, "XOR", 8).checkpoint(200, 2, 0, "XOR", 12).nodeLost(3600, 1, "n2")
                .start(3600).rankExited(7200, 2, "n1")
                .start(7200).failure(10800, 3, "-", "hang: no heartbeat for 60 s")
                .advice();
        assertEquals(1, a.levels().size());
        LevelAdvice xor = a.levels().get(0);
        assertEquals("level 0", xor.name());
        assertEquals(Coverage.NODE, xor.coverage());
        assertEquals(2, xor.checkpoints());
        assertEquals(10, xor.meanCost(), 1e-9);
        assertEquals(3, xor.failures());
        assertEquals(3600, xor.mtbf().orElseThrow().seconds(), 1e-9);
        assertFalse(xor.lowerBound());
        assertEquals(268.328, xor.young().getAsDouble(), EPS);
        assertEquals(261.703, xor.daly().getAsDouble(), EPS);
        assertEquals(OptionalInt.of(1), xor.every());
        assertEquals(261.703, a.interval().orElseThrow().toNanos() / 1e9, EPS);
        assertEquals(OptionalLong.of(262), a.checkpointSeconds());
        assertEquals(OptionalInt.empty(), a.flushEvery(), "the job never flushed");
        assertEquals(Map.of(0, 1), a.levelEvery());
        assertEquals(List.of(), a.notes());
        assertTrue(a.summary().startsWith("checkpoint every 262 s: Daly's interval of level 0 (C 10.00 s, M 1.00 h from 3"
                + " failure(s) in 3.00 h of run time)"), a.summary());
    }

    /**
     * SINGLE keeps its files on the node: it survives the two process failures, and the lost node
     * falls to the prefix, whose checkpoints cost the application the synchronous flush as well.
     */
    private static EventScript singleLevelFlushedEveryOther(boolean async, double flushSeconds) {
        EventScript s = new EventScript()
                .start(0).checkpoint(100, 1, 0, "SINGLE", 3).checkpoint(200, 2, 0, "SINGLE", 3);
        flush(s, 245, 2, flushSeconds, async).rankExited(3600, 1, "n1")
                .start(3700).checkpoint(3800, 3, 0, "SINGLE", 3).failure(7300, 2, "-", "hang: no heartbeat for 60 s")
                .start(7400).checkpoint(7500, 4, 0, "SINGLE", 3);
        return flush(s, 7545, 4, flushSeconds, async).nodeLost(11000, 3, "n2");
    }

    private static EventScript flush(EventScript s, double at, long id, double seconds, boolean async) {
        return async ? s.flush(at, id, seconds, true) : s.flush(at, id, seconds);
    }

    @Test
    void aSingleLevelCoversProcessFailures_thePrefixTheLostNode_andASynchronousFlushCountsInItsCost() {
        IntervalAdvice a = singleLevelFlushedEveryOther(false, 42).advice();
        assertEquals(10800, a.history().runSeconds(), 1e-9);
        LevelAdvice single = a.levels().get(0);
        LevelAdvice prefix = a.prefix().orElseThrow();
        assertEquals(List.of(single, prefix), a.levels());
        assertEquals(Coverage.PROCESS, single.coverage());
        assertEquals(4, single.checkpoints());
        assertEquals(3, single.meanCost(), 1e-9);
        assertEquals(2, single.failures());
        assertEquals(5400, single.mtbf().orElseThrow().seconds(), 1e-9);
        assertEquals(180.0, single.young().getAsDouble(), EPS);
        assertEquals(178.006, single.daly().getAsDouble(), EPS);

        assertEquals("prefix", prefix.name());
        assertEquals(2, prefix.checkpoints());
        assertEquals(45, prefix.meanCost(), 1e-9, "3 s in the cache + 42 s of synchronous flush");
        assertEquals(1, prefix.failures());
        assertEquals(10800, prefix.mtbf().orElseThrow().seconds(), 1e-9);
        assertEquals(985.901, prefix.young().getAsDouble(), EPS);
        assertEquals(956.129, prefix.daly().getAsDouble(), EPS);

        assertEquals(Optional.of(single), a.pacing());
        assertEquals(OptionalLong.of(178), a.checkpointSeconds());
        assertEquals(OptionalInt.of(5), a.flushEvery(), "956.1 / 178.0 = 5.37");
        assertEquals(List.of(), a.notes());
    }

    @Test
    void anAsynchronousFlushCostsTheApplicationNothing_butFlushingMoreOftenThanAFlushTakesWouldQueueThem() {
        IntervalAdvice a = singleLevelFlushedEveryOther(true, 400).advice();
        LevelAdvice prefix = a.prefix().orElseThrow();
        assertEquals(3, prefix.meanCost(), 1e-9);
        assertEquals(400, prefix.backgroundFlush().getAsDouble(), 1e-9);
        assertEquals(252.562, prefix.daly().getAsDouble(), EPS);
        // Daly alone says every round(252.6 / 178.0) = 1st checkpoint; a 400 s flush needs ceil(400 / 178.0) = 3
        assertEquals(OptionalInt.of(3), a.flushEvery());
    }

    @Test
    void severalLevels_eachWithItsOwnCostAndTheFailuresOnlyItSurvives() {
        EventScript s = new EventScript();
        double t = 0;
        long id = 1;
        // six one-hour runs: four end in a process failure, two in a lost node
        for (int run = 1; run <= 6; run++) {
            s.start(t).checkpoint(t + 10, id, 0, "SINGLE", 2).checkpoint(t + 20, id + 1, 1, "XOR", 20).flush(t + 62, id + 1, 42);
            id += 2;
            if (run % 3 == 0) {
                s.nodeLost(t + 3600, run, "n" + run);
            } else {
                s.rankExited(t + 3600, run, "n1");
            }
            t += 3600;
        }
        IntervalAdvice a = s.advice();
        assertEquals(3, a.levels().size());
        LevelAdvice single = a.levels().get(0);
        LevelAdvice xor = a.levels().get(1);
        LevelAdvice prefix = a.levels().get(2);
        assertEquals(List.of("level 0", "level 1", "prefix"), a.levels().stream().map(LevelAdvice::name).toList());

        assertEquals(4, single.failures());
        assertEquals(5400, single.mtbf().orElseThrow().seconds(), 1e-9);
        assertEquals(145.639, single.daly().getAsDouble(), EPS);

        assertEquals(2, xor.failures());
        assertEquals(10800, xor.mtbf().orElseThrow().seconds(), 1e-9);
        assertEquals(657.267, xor.young().getAsDouble(), EPS);
        assertEquals(644.001, xor.daly().getAsDouble(), EPS);

        assertEquals(62, prefix.meanCost(), 1e-9);
        assertEquals(0, prefix.failures(), "the XOR level survives every lost node");
        assertTrue(prefix.lowerBound());
        assertEquals(21600, prefix.mtbf().orElseThrow().seconds(), 1e-9);
        assertEquals(1595.509, prefix.daly().getAsDouble(), EPS);

        assertEquals(OptionalLong.of(146), a.checkpointSeconds());
        assertEquals(Map.of(0, 1, 1, 4), a.levelEvery(), "644.0 / 145.6 = 4.42");
        assertEquals(OptionalInt.of(11), a.flushEvery(), "1595.5 / 145.6 = 10.96");
        assertEquals(List.of("prefix: no failure needed it in 6.00 h of run time, so its MTBF is at least that and its"
                + " intervals are lower bounds"), a.notes());
    }

    @Test
    void whenACheckpointCostsTwoMtbfsDalySaysCheckpointOncePerMtbf() {
        IntervalAdvice a = new EventScript()
                .start(0).checkpoint(10, 1, 0, "XOR", 100).nodeLost(40, 1, "n1")
                .start(50).rankExited(90, 2, "n1")
                .advice();
        LevelAdvice xor = a.levels().get(0);
        assertEquals(40, xor.mtbf().orElseThrow().seconds(), 1e-9);
        assertEquals(89.443, xor.young().getAsDouble(), EPS);
        assertEquals(40, xor.daly().getAsDouble(), 1e-9);
        assertEquals(Optional.of(Duration.ofSeconds(40)), a.interval());
    }

    @Test
    void withNoFailureTheMtbfIsAtLeastTheRunTimeAndTheAdviceSaysSo() {
        IntervalAdvice a = new EventScript().start(0).checkpoint(100, 1, 0, "XOR", 10).finish(3600).advice();
        LevelAdvice xor = a.levels().get(0);
        assertTrue(xor.lowerBound());
        assertEquals(3600, xor.mtbf().orElseThrow().seconds(), 1e-9);
        assertEquals(261.703, xor.daly().getAsDouble(), EPS);
        assertEquals(OptionalLong.of(262), a.checkpointSeconds(), "advice that errs on the side of checkpointing often");
        assertEquals(List.of("no failure recorded in 1.00 h of run time: each MTBF is only known to be at least that, so each"
                + " interval is a lower bound (the optimum is at least as long): the advice checkpoints more often than needed"
                + " until failures are seen"), a.notes());
        assertTrue(a.summary().contains("M >= 1.00 h from 0 failure(s)"), a.summary());
    }

    @Test
    void withNoCheckpointThereIsNoAdvice() {
        IntervalAdvice a = new EventScript().start(0).nodeLost(3600, 1, "n1").advice();
        assertTrue(a.levels().isEmpty());
        assertEquals(Optional.empty(), a.interval());
        assertEquals(OptionalLong.empty(), a.checkpointSeconds());
        assertEquals("no checkpoint cost in the log yet: run the job with scr4j, which logs what each checkpoint cost",
                a.notes().get(0));
        assertEquals("no interval advice yet: " + a.notes().get(0), a.summary());
        assertEquals(1, a.uncovered(FailureKind.NODE));
        assertEquals(1, a.notes().size(), "with no level measured, the lost node is no news: " + a.notes());
    }

    @Test
    void withoutStartEventsTheRunTimeAndSoTheMtbfAreUnknown() {
        IntervalAdvice a = new EventScript().checkpoint(100, 1, 0, "XOR", 10).nodeLost(3600, 1, "n1").advice();
        LevelAdvice xor = a.levels().get(0);
        assertEquals(1, xor.checkpoints());
        assertEquals(Optional.empty(), xor.mtbf());
        assertTrue(xor.daly().isEmpty() && xor.every().isEmpty());
        assertEquals(Optional.empty(), a.interval());
        assertTrue(a.notes().get(0).startsWith("no run time in the log"), a.notes().toString());
    }

    @Test
    void aLostNodeThatNoMeasuredLevelSurvivesIsCalledOut() {
        IntervalAdvice a = new EventScript().start(0).checkpoint(100, 1, 0, "SINGLE", 3).nodeLost(3600, 1, "n2").advice();
        assertEquals(0, a.levels().get(0).failures());
        assertEquals(1, a.uncovered(FailureKind.NODE));
        assertTrue(a.notes().contains("1 failure(s) lost a node, which no measured level survives: SINGLE keeps no copy off the"
                + " node and the job flushed no checkpoint. Fix: protect a level with PARTNER, XOR or RS, or flush (scr.flush)"),
                a.notes().toString());
    }

    @Test
    void aLevelWhoseSchemeChangedIsARowPerSetting() {
        IntervalAdvice a = new EventScript()
                .start(0).checkpoint(10, 1, 0, "XOR", 10).finish(100)
                .start(200).checkpoint(210, 2, 0, "PARTNER", 4).checkpoint(220, 3, 0, "PARTNER", 6).finish(300)
                .advice();
        assertEquals(List.of("XOR", "PARTNER"), a.levels().stream().map(LevelAdvice::scheme).toList());
        assertEquals(List.of(1, 2), a.levels().stream().map(LevelAdvice::checkpoints).toList());
        assertEquals(5, a.levels().get(1).meanCost(), 1e-9);
    }

    @Test
    void skippedEventsAreNamedInTheNotes() {
        IntervalAdvice a = new EventScript().start(0).checkpoint(100, 1, 0, "XOR", 10)
                .at(200, "event", "checkpoint", "id", 2).finish(3600).advice();
        assertEquals("1 event(s) skipped: event 3 (checkpoint): no \"level\" (a log written before checkpoints named their level)",
                a.notes().get(a.notes().size() - 1));
        assertEquals(1, a.levels().get(0).checkpoints());
    }
}
