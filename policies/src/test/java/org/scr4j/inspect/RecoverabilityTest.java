package org.scr4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scr4j.dataset.DatasetInfo;
import org.scr4j.dataset.Manifest;
import org.scr4j.scheme.NotRecoverableException;
import org.scr4j.scheme.RecoveryGroup;

/**
 * Datasets written with the real schemes over four ranks on four nodes, parts deleted as when
 * nodes are lost: for every combination of up to three lost nodes, the verdict from the nodes'
 * listings is what the scheme promises, and it is what the scheme's own rebuild then does (a
 * "recoverable" dataset is rebuilt bit for bit, any other is refused).
 */
class RecoverabilityTest {
    private static CachedJob job;
    private static long nextId = 1;

    @BeforeAll
    static void start() throws Exception {
        job = new CachedJob();
    }

    @AfterAll
    static void stop() throws Exception {
        job.close();
    }

    private static long id() {
        return nextId++;
    }

    private static DatasetRecovery verdict(long id) throws Exception {
        List<DatasetRecovery> all = Recoverability.assess(job.listAll());
        return all.stream().filter(d -> d.datasetId() == id).findFirst().orElseThrow(() -> new AssertionError(
                "no verdict for dataset " + id + " in " + all));
    }

    /**
     * Each combination of lost ranks on a fresh dataset: the verdict, the promise and the rebuild
     * agree. {@code promise} says whether the scheme rebuilds one lost rank given all that are lost;
     * the dataset is recoverable when it rebuilds every one.
     */
    private static void drill(String scheme, BiPredicate<Set<Integer>, Integer> promise, int maxLost) throws Exception {
        for (Set<Integer> lost : combinations(maxLost)) {
            long id = id();
            DatasetInfo dataset = job.write(id, scheme);
            job.lose(id, lost);
            DatasetRecovery verdict = verdict(id);
            String what = scheme + " losing ranks " + lost + ": " + verdict;
            assertEquals(lost.stream().allMatch(r -> promise.test(lost, r)), verdict.recoverable(), what);
            assertEquals(lost, verdict.missingRanks(), what);
            Set<Integer> present = new TreeSet<>(Set.of(0, 1, 2, 3));
            present.removeAll(lost);
            assertEquals(present, verdict.present(), what);
            assertEquals(dataset, verdict.dataset().orElseThrow(), what);
            for (MissingRank m : verdict.missing()) {
                assertEquals(promise.test(lost, m.rank()), m.recoverable(), what + ": rank " + m.rank());
            }
            List<Object> results = job.recover(dataset, lost);
            if (verdict.recoverable()) {
                for (int r = 0; r < results.size(); r++) {
                    assertEquals(job.manifest(id, r), results.get(r), what + ": rank " + r + " rebuilt");
                }
                job.checkFiles(id);
                for (int r : lost) {
                    job.commit((Manifest) results.get(r));
                }
                DatasetRecovery after = verdict(id);
                assertTrue(after.recoverable() && after.missing().isEmpty(), what + "; after the rebuild: " + after);
            } else {
                for (int r = 0; r < results.size(); r++) {
                    assertInstanceOf(NotRecoverableException.class, results.get(r), what + ": rank " + r + " refuses");
                }
            }
            job.lose(id, Set.of(0, 1, 2, 3));
        }
    }

    private static List<Set<Integer>> combinations(int maxLost) {
        List<Set<Integer>> out = new ArrayList<>();
        for (int mask = 1; mask < 16; mask++) {
            Set<Integer> lost = new TreeSet<>();
            for (int r = 0; r < 4; r++) {
                if ((mask & (1 << r)) != 0) {
                    lost.add(r);
                }
            }
            if (lost.size() <= maxLost) {
                out.add(lost);
            }
        }
        return out;
    }

    @Test
    void xorSurvivesOneLostNodeOfItsSetNotTwo() throws Exception {
        drill("XOR", (lost, rank) -> lost.size() <= 1, 3);
    }

    @Test
    void rsWithTwoParityUnitsSurvivesTwoLostNodesNotThree() throws Exception {
        drill("RS", (lost, rank) -> lost.size() <= 2, 3);
    }

    @Test
    void partnerSurvivesAnyLossThatSparesEachLostRanksPartner() throws Exception {
        // The ring is 0 -> 1 -> 2 -> 3 -> 0: rank r's copy is on rank r + 1.
        drill("PARTNER", (lost, rank) -> !lost.contains((rank + 1) % 4), 3);
    }

    @Test
    void singleSurvivesNoLostNode() throws Exception {
        drill("SINGLE", (lost, rank) -> false, 1);
    }

    @Test
    void partnerTellsWhichLostRankHasItsCopyLeft() throws Exception {
        long id = id();
        job.write(id, "PARTNER");
        job.lose(id, Set.of(1, 2));
        DatasetRecovery d = verdict(id);
        assertFalse(d.recoverable(), d.toString());
        MissingRank one = d.missing().get(0);
        MissingRank two = d.missing().get(1);
        assertFalse(one.recoverable(), one.reason());
        // Only ranks 1 and 2 recorded the pair {1, 2}, and both are gone: no present rank can tell.
        assertEquals("no node holds its part; no present rank's PARTNER redundancy covers it (it was in no redundancy set, or"
                + " the ranks that hold its redundancy are missing too)", one.reason());
        assertTrue(two.recoverable(), "rank 2's copy is on rank 3, which is there: " + two.reason());
        assertEquals("no node holds its part; rebuilt from ranks [3] (their group [2, 3] survives 1 lost and has 1)", two.reason());
        assertTrue(d.reason().startsWith("rank 1 cannot be rebuilt"), d.reason());
    }

    @Test
    void theSchemesRecordTheirGroupsInEveryPart() throws Exception {
        long xor = id();
        long rs = id();
        long partner = id();
        long single = id();
        job.write(xor, "XOR");
        job.write(rs, "RS");
        job.write(partner, "PARTNER");
        job.write(single, "SINGLE");
        for (PartListing p : job.listAll()) {
            List<RecoveryGroup> expected;
            if (p.datasetId() == xor) {
                expected = List.of(new RecoveryGroup(Set.of(0, 1, 2, 3), 1));
            } else if (p.datasetId() == rs) {
                expected = List.of(new RecoveryGroup(Set.of(0, 1, 2, 3), 2));
            } else if (p.datasetId() == partner) {
                expected = List.of(new RecoveryGroup(Set.of((p.rank() + 3) % 4, p.rank()), 1));
            } else if (p.datasetId() == single) {
                expected = List.of();
            } else {
                continue;
            }
            assertEquals(expected, p.recoveryGroups(), p.toString());
            assertEquals(CachedJob.NODES.get(p.rank()), p.node(), p.toString());
            assertTrue(p.usable() && p.redundancyProblem().isEmpty(), p.toString());
            assertEquals(2, p.files(), p.toString());
            long bytes = CachedJob.content(p.datasetId(), p.rank(), 0).length + CachedJob.content(p.datasetId(), p.rank(), 1).length;
            assertEquals(bytes, p.bytes(), p.toString());
            assertEquals(p.datasetId() == single, p.redundancyBytes() == 0, p.toString());
        }
        for (long id : List.of(xor, rs, partner, single)) {
            job.lose(id, Set.of(0, 1, 2, 3));
        }
    }
}
