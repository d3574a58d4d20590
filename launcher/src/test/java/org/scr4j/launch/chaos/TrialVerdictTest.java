package org.scr4j.launch.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The verdict of a trial, from what its launchers printed. */
class TrialVerdictTest {
    private static final int STEPS = 120;
    private static final Map<Integer, String> EXPECTED = Map.of(0, "0a0a0a0a", 1, "1b1b1b1b", 2, "2c2c2c2c");
    private static final Fault NODE_CRASH = new Fault(FaultKind.NODE_CRASH, 3, 0, 0, false);

    private static RunRecord.Checksum sum(String hex) {
        return new RunRecord.Checksum(STEPS, hex);
    }

    private static Map<Integer, RunRecord.Checksum> exact() {
        return Map.of(0, sum("0a0a0a0a"), 1, sum("1b1b1b1b"), 2, sum("2c2c2c2c"));
    }

    private static RunRecord run(long start, int restart, Map<Integer, RunRecord.Checksum> checksums) {
        return new RunRecord(start, restart < 0 ? OptionalInt.empty() : OptionalInt.of(restart), checksums);
    }

    private static FiredFault fault(int index, long nanos, int newest) {
        return new FiredFault(index, NODE_CRASH, nanos, nanos / 1e9, "n2", newest);
    }

    private static TrialVerdict classify(List<RunRecord> runs, List<FiredFault> fired, List<String> stops, Optional<String> failure) {
        return TrialVerdict.classify(3, STEPS, EXPECTED, runs, fired, stops, failure);
    }

    /** A trial whose launchers never stopped by design and that met no failure outside the job's output. */
    private static TrialVerdict classify(List<RunRecord> runs, List<FiredFault> fired) {
        return classify(runs, fired, List.of(), Optional.empty());
    }

    @Test
    void aRestartFromTheNewestCheckpointWithExactChecksumsIsRecoveredNewest() {
        TrialVerdict v = classify(List.of(run(10, 0, Map.of()), run(30, 40, exact())), List.of(fault(0, 20, 40)));
        assertEquals(Outcome.RECOVERED_NEWEST, v.outcome(), v::toString);
        assertEquals(OptionalInt.of(40), v.recoveries().get(0).restartStep());
    }

    @Test
    void aRestartFromAnOlderCheckpointOrFromScratchIsAFallback() {
        TrialVerdict older = classify(List.of(run(10, 0, Map.of()), run(30, 24, exact())), List.of(fault(0, 20, 40)));
        assertEquals(Outcome.RECOVERED_OLDER, older.outcome(), older::toString);
        assertTrue(older.detail().contains("ckpt.40->ckpt.24"), older::detail);
        TrialVerdict scratch = classify(List.of(run(10, 0, Map.of()), run(30, 0, exact())), List.of(fault(0, 20, 40)));
        assertEquals(Outcome.RECOVERED_OLDER, scratch.outcome(), scratch::toString);
        assertTrue(scratch.detail().contains("ckpt.40->scratch"), scratch::detail);
    }

    @Test
    void aFaultIsJudgedByTheFirstLaterRunThatShowedWhereItBegan() {
        // The run right after the fault died before its ranks restored anything; the one after restarted from ckpt.40.
        TrialVerdict v = classify(List.of(run(10, 0, Map.of()), run(30, -1, Map.of()), run(50, 40, exact())),
                List.of(fault(0, 20, 40)));
        assertEquals(Outcome.RECOVERED_NEWEST, v.outcome(), v::toString);
        assertEquals(OptionalInt.of(40), v.recoveries().get(0).restartStep());
    }

    @Test
    void aFaultBeforeTheFirstCheckpointLosesNothingWhenTheJobStartsOver() {
        TrialVerdict v = classify(List.of(run(10, -1, Map.of()), run(30, 0, exact())), List.of(fault(0, 20, 0)));
        assertEquals(Outcome.RECOVERED_NEWEST, v.outcome(), v::toString);
        assertTrue(v.detail().contains("none->scratch"), v::detail);
    }

    @Test
    void aFaultFollowedByAnotherBeforeAnyRunRestartedIsJudgedThroughTheLaterOne() {
        // A rank kill after ckpt.40; before the relaunched run restored anything, a new allocation (caches gone): from scratch.
        TrialVerdict v = classify(List.of(run(10, 0, Map.of()), run(30, -1, Map.of()), run(50, 0, exact())),
                List.of(fault(0, 20, 40), fault(1, 40, 40)));
        assertEquals(Outcome.RECOVERED_OLDER, v.outcome(), v::toString);
        assertTrue(v.recoveries().get(0).superseded() && v.recoveries().get(0).restartStep().isEmpty(), v::toString);
        assertEquals(OptionalInt.of(0), v.recoveries().get(1).restartStep());
        assertEquals("newest before fault->restart: ckpt.40->scratch", v.detail());
    }

    @Test
    void aWrongFinalChecksumIsASilentCorruptionEvenWhenAllElseWentWell() {
        Map<Integer, RunRecord.Checksum> wrong = Map.of(0, sum("0a0a0a0a"), 1, sum("1b1b1b1c"), 2, sum("2c2c2c2c"));
        TrialVerdict v = classify(List.of(run(10, 0, Map.of()), run(30, 40, wrong)), List.of(fault(0, 20, 40)));
        assertEquals(Outcome.SILENT_CORRUPTION, v.outcome(), v::toString);
        assertTrue(v.detail().contains("rank 1 printed 1b1b1b1c, the uninterrupted computation gives 1b1b1b1b"), v::detail);
    }

    @Test
    void aWrongChecksumInARunThatLaterFailedIsStillACorruption() {
        Map<Integer, RunRecord.Checksum> wrong = Map.of(2, sum("deadbeef"));
        TrialVerdict v = classify(List.of(run(10, 0, wrong), run(30, 120, exact())), List.of(fault(0, 20, 120)));
        assertEquals(Outcome.SILENT_CORRUPTION, v.outcome(), v::toString);
        assertTrue(v.detail().contains("run 1: rank 2 printed deadbeef"), v::detail);
    }

    @Test
    void aHangOrAnUnexplainedStopFailsTheTrial() {
        TrialVerdict v = classify(List.of(run(10, 0, Map.of())), List.of(fault(0, 20, 40)), List.of(), Optional.of("hang: ..."));
        assertEquals(Outcome.FAILED, v.outcome(), v::toString);
        assertEquals("hang: ...", v.detail());
    }

    @Test
    void aFinishedJobWithoutEveryRanksFinalChecksumFails() {
        Map<Integer, RunRecord.Checksum> partial = Map.of(0, sum("0a0a0a0a"), 2, sum("2c2c2c2c"));
        TrialVerdict v = classify(List.of(run(10, 0, partial)), List.of());
        assertEquals(Outcome.FAILED, v.outcome(), v::toString);
        assertTrue(v.detail().contains("rank(s) [1] printed no checksum at step 120"), v::detail);
        Map<Integer, RunRecord.Checksum> early = Map.of(0, sum("0a0a0a0a"), 1, new RunRecord.Checksum(80, "77777777"),
                2, sum("2c2c2c2c"));
        assertEquals(Outcome.FAILED, classify(List.of(run(10, 0, early)), List.of()).outcome());
    }

    @Test
    void aStopByDesignFollowedByAnExactRunOnFreshNodesIsRefused() {
        TrialVerdict v = classify(List.of(run(10, 0, Map.of()), run(30, 16, exact())), List.of(fault(0, 20, 40)),
                List.of("too few nodes: 2 healthy"), Optional.empty());
        assertEquals(Outcome.REFUSED, v.outcome(), v::toString);
        assertTrue(v.detail().contains("stopped by design: too few nodes: 2 healthy") && v.detail().contains("older"), v::detail);
    }

    @Test
    void aFaultAfterWhichNoRunWasNeededLosesNothing() {
        TrialVerdict v = classify(List.of(run(10, 0, exact())), List.of(fault(0, 20, 120)));
        assertEquals(Outcome.RECOVERED_NEWEST, v.outcome(), v::toString);
        assertFalse(v.recoveries().get(0).older());
        assertEquals("no restart needed", v.detail());
    }
}
