package org.scr4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.scr4j.dataset.DatasetInfo;

class RetentionTest {
    private static CachedDataset checkpoint(long id, String tier, boolean flushed) {
        return new CachedDataset(new DatasetInfo(id, "ckpt." + id, id, true, false, tier, "SINGLE", 2), flushed);
    }

    private static CachedDataset output(long id, String tier, boolean flushed) {
        return new CachedDataset(new DatasetInfo(id, "out." + id, 0, false, true, tier, "SINGLE", 2), flushed);
    }

    private static List<Long> ids(List<CachedDataset> datasets) {
        return datasets.stream().map(c -> c.info().id()).toList();
    }

    @Test
    void beyondCountEvictsTheOldestOfTheTierUntilKeepRemain() {
        List<CachedDataset> cached = List.of(checkpoint(1, "ram", false), checkpoint(2, "disk", false), checkpoint(3, "ram", false),
                checkpoint(4, "ram", false), checkpoint(5, "ram", false));
        assertEquals(List.of(1L, 3L), ids(Retention.beyondCount(cached, "ram", 2)));
        assertEquals(List.of(1L, 3L, 4L), ids(Retention.beyondCount(cached, "ram", 1)));
        assertEquals(List.of(), ids(Retention.beyondCount(cached, "ram", 4)));
        assertEquals(List.of(), ids(Retention.beyondCount(cached, "ram", 9)));
        // disk's only checkpoint is not the newest of the job, and it is unflushed: still evictable
        assertEquals(List.of(2L), ids(Retention.beyondCount(cached, "disk", 0)));
    }

    @Test
    void theInputOrderDoesNotMatterOldestIsById() {
        List<CachedDataset> cached = List.of(checkpoint(7, "ram", true), checkpoint(3, "ram", true), checkpoint(5, "ram", true));
        assertEquals(List.of(3L, 5L), ids(Retention.beyondCount(cached, "ram", 1)));
        assertEquals(Optional.of(3L), Retention.oldest(cached, "ram").map(c -> c.info().id()));
    }

    @Test
    void theNewestUnflushedCheckpointIsNeverEvictedEvenToKeepZero() {
        List<CachedDataset> cached = List.of(checkpoint(1, "ram", false), checkpoint(2, "ram", false));
        assertEquals(List.of(1L), ids(Retention.beyondCount(cached, "ram", 0)));
        assertEquals(Optional.of(1L), Retention.oldest(cached, "ram").map(c -> c.info().id()));
        assertEquals(Optional.empty(), Retention.oldest(List.of(checkpoint(2, "ram", false)), "ram"));
        // once flushed, the prefix has a copy and the cached one may go
        assertEquals(List.of(2L), ids(Retention.beyondCount(List.of(checkpoint(2, "ram", true)), "ram", 0)));
    }

    @Test
    void theNewestCheckpointIsProtectedEvenWhenNewerOutputsExist() {
        List<CachedDataset> cached = List.of(checkpoint(1, "ram", false), output(2, "ram", true), output(3, "ram", true));
        assertEquals(List.of(2L, 3L), ids(Retention.beyondCount(cached, "ram", 0)));
        assertEquals(List.of(2L), ids(Retention.beyondCount(cached, "ram", 2)));
    }

    @Test
    void anUnflushedOutputIsNeverEvicted() {
        CachedDataset pendingOutput = output(1, "ram", false);
        List<CachedDataset> cached = List.of(pendingOutput, checkpoint(2, "ram", true), checkpoint(3, "ram", false));
        assertFalse(Retention.evictable(pendingOutput, cached));
        assertEquals(List.of(2L), ids(Retention.beyondCount(cached, "ram", 0)));
        assertEquals(Optional.of(2L), Retention.oldest(cached, "ram").map(c -> c.info().id()));
        assertTrue(Retention.evictable(output(1, "ram", true), cached));
    }

    @Test
    void aDatasetThatIsBothCheckpointAndOutputIsKeptUntilFlushed() {
        CachedDataset both = new CachedDataset(new DatasetInfo(1, "both", 1, true, true, "ram", "SINGLE", 1), false);
        List<CachedDataset> cached = List.of(both, checkpoint(2, "ram", false));
        assertFalse(Retention.evictable(both, cached));
        assertTrue(Retention.evictable(both.asFlushed(), List.of(both.asFlushed(), checkpoint(2, "ram", false))));
    }
}
