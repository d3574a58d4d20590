package org.scr4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.scr4j.JobFixture.checkpoints;
import static org.scr4j.JobFixture.restart;
import static org.scr4j.JobFixture.restoredOnEveryRank;
import static org.scr4j.JobFixture.state;
import static org.scr4j.JobFixture.stateFile;
import static org.scr4j.JobFixture.write;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every collective call gives every rank the same answer, in jobs of 1, 2 and 8 thread-ranks. */
class CollectivesTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} rank(s)")
    @ValueSource(ints = {1, 2, 8})
    void needCheckpointWithIntervalThreeIsTrueOnCallsThreeSixNineOnEveryRank(int ranks) throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_CHECKPOINT_INTERVAL", "3");
        List<List<Boolean>> answers = job.run(ranks, (scr, g) -> {
            List<Boolean> mine = new ArrayList<>();
            for (int call = 1; call <= 9; call++) {
                mine.add(scr.needCheckpoint());
            }
            return mine;
        });
        List<Boolean> expected = List.of(false, false, true, false, false, true, false, false, true);
        assertEquals(Collections.nCopies(ranks, expected), answers);
    }

    @ParameterizedTest(name = "{0} rank(s)")
    @ValueSource(ints = {1, 2, 8})
    void haveRestartIsEmptyOnEveryRankAtFirstAndNamesTheNewestCheckpointOnEveryRankAfterwards(int ranks) throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_CACHE_SIZE", "2");
        List<Optional<String>> first = job.run(ranks, (scr, g) -> {
            Optional<String> before = scr.haveRestart();
            checkpoints(scr, 1, 2);
            return before;
        });
        assertEquals(Collections.nCopies(ranks, Optional.<String>empty()), first);

        List<String> second = job.run(ranks, (scr, g) -> restart(scr));
        assertEquals(restoredOnEveryRank("ckpt.2", ranks), second);
    }

    @ParameterizedTest(name = "{0} rank(s)")
    @ValueSource(ints = {1, 2, 8})
    void oneRankPassingFalseMakesCompleteFalseOnEveryRankAndTheDatasetLeavesTheCache(int ranks) throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_CACHE_SIZE", "3").set("SCR_FLUSH", "0");
        int doubter = ranks - 1;
        List<List<Boolean>> completes = job.run(ranks, (scr, g) -> {
            boolean first = JobFixture.checkpoint(scr, "ckpt.1");
            boolean second;
            try (Output out = scr.startOutput("ckpt.2", Flag.CHECKPOINT)) {
                write(out, stateFile(scr.rank()), state("ckpt.2", scr.rank()));
                second = out.complete(scr.rank() != doubter);
            }
            return List.of(first, second);
        });
        assertEquals(Collections.nCopies(ranks, List.of(true, false)), completes);
        // ckpt.1 is dataset 1 and stays; ckpt.2 (dataset 2) has no directory left on any rank.
        assertEquals(List.of(1L), new ArrayList<>(job.cachedIds()));
        for (int r = 0; r < ranks; r++) {
            assertFalse(job.datasetDir(2, r).toFile().exists(), "rank " + r + "'s directory of ckpt.2");
        }
        assertEquals(restoredOnEveryRank("ckpt.1", ranks), job.run(ranks, (scr, g) -> restart(scr)));
    }

    @ParameterizedTest(name = "{0} rank(s)")
    @ValueSource(ints = {1, 2, 8})
    void shouldExitIsFalseOnEveryRankUntilAHaltReasonIsSetThenTrueOnEveryRank(int ranks) throws Exception {
        JobFixture job = new JobFixture(dir);
        List<List<Boolean>> answers = job.run(ranks, (scr, g) -> {
            boolean before = scr.shouldExit();
            g.barrier();
            if (scr.rank() == 0) {
                job.halt(h -> h.withReason(Optional.of("operator asked")));
            }
            g.barrier();
            boolean after = scr.shouldExit();
            return List.of(before, after);
        });
        assertEquals(Collections.nCopies(ranks, List.of(false, true)), answers);
        assertEquals(Optional.of("SCR_FINALIZE_CALLED"), job.halt().reason());
        assertEquals(OptionalInt.empty(), job.halt().checkpoints());
    }
}
