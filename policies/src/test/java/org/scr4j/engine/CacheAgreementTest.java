package org.scr4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.scr4j.dataset.DatasetInfo;
import org.scr4j.dataset.FileEntry;
import org.scr4j.dataset.Manifest;
import org.scr4j.group.InProcessGroup;

class CacheAgreementTest {
    private static final DatasetInfo CKPT_2 = new DatasetInfo(2, "ckpt.2", 2, true, false, "ram", "XOR", 4);

    private static Manifest manifest(DatasetInfo d, int rank) {
        return new Manifest(d, rank, List.of(new FileEntry("rank." + rank + "/state.bin", 100 + rank, 7)), Instant.EPOCH,
                Instant.EPOCH);
    }

    /** Every rank of a job of four reaches the agreement from the manifests {@code held} gives it. */
    private static List<CacheAgreement> reach(IntFunction<List<Manifest>> held) throws InterruptedException {
        InProcessGroup group = new InProcessGroup(4, "node0");
        List<CacheAgreement> agreements = new ArrayList<>(Collections.nCopies(4, null));
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            int rank = r;
            threads.add(new Thread(() -> agreements.set(rank, CacheAgreement.reach(group.member(rank), held.apply(rank)))));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(30_000);
        }
        return agreements;
    }

    @Test
    void aRankWhoseManifestNamesTheDatasetOtherwiseIsOutvotedAndCountsAsLost() throws Exception {
        DatasetInfo altered = new DatasetInfo(2, "ckpt.9", 9, true, false, "ram", "XOR", 4);
        // rank 0, the lowest holder, is the one that is wrong: it must not decide what the dataset is.
        List<CacheAgreement> all = reach(r -> List.of(manifest(r == 0 ? altered : CKPT_2, r)));
        for (int r = 0; r < 4; r++) {
            CacheAgreement a = all.get(r);
            assertEquals(List.of(CKPT_2), a.datasets(), "rank " + r);
            assertEquals(Set.of(0), a.lost(2), "rank " + r);
            assertEquals(1, a.disagreements().size(), "rank " + r);
            String said = a.disagreements().get(0);
            assertTrue(said.contains("rank 0's manifest of dataset 2 says it is 'ckpt.9' (checkpoint 9") && said.contains(
                    "rank(s) [1, 2, 3] say 'ckpt.2' (checkpoint 2") && said.contains("rank 0's part counts as lost"), said);
            assertEquals(r == 0 ? Optional.empty() : Optional.of(manifest(CKPT_2, r)), a.mine(2), "rank " + r);
        }
    }

    @Test
    void ranksThatAgreeAndRanksThatLackAPartAreAsBefore() throws Exception {
        List<CacheAgreement> all = reach(r -> r == 3 ? List.of() : List.of(manifest(CKPT_2, r)));
        for (int r = 0; r < 4; r++) {
            assertEquals(List.of(CKPT_2), all.get(r).datasets());
            assertEquals(Set.of(3), all.get(r).lost(2));
            assertEquals(List.of(), all.get(r).disagreements());
        }
    }

    @Test
    void aTieGoesToTheLowestHolderAndTheOthersCountAsLost() throws Exception {
        DatasetInfo other = new DatasetInfo(2, "ckpt.2", 2, true, false, "ram", "SINGLE", 4);
        List<CacheAgreement> all = reach(r -> List.of(manifest(r % 2 == 0 ? CKPT_2 : other, r)));
        for (int r = 0; r < 4; r++) {
            assertEquals(List.of(CKPT_2), all.get(r).datasets());
            assertEquals(Set.of(1, 3), all.get(r).lost(2));
            assertEquals(2, all.get(r).disagreements().size());
        }
    }
}
