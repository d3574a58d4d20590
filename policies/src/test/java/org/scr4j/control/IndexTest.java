package org.scr4j.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scr4j.control.Local.checkpoint;
import static org.scr4j.control.Local.output;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class IndexTest {
    private static List<Long> ids(List<IndexEntry> entries) {
        return entries.stream().map(IndexEntry::id).toList();
    }

    @Test
    void restartableIsFlushedCompleteUnfailedCheckpointsNewestFirst() {
        IndexEntry incomplete = new IndexEntry(5, "ckpt.5", 5, true, false, 4, false,
                Optional.of(Instant.parse("2026-01-05T10:00:00Z")), Optional.empty());
        IndexEntry both = new IndexEntry(7, "both.7", 7, true, true, 4, true,
                Optional.of(Instant.parse("2026-01-07T10:00:00Z")), Optional.empty());
        Index index = Index.empty()
                .with(checkpoint(6, true))
                .with(checkpoint(1, true))
                .with(output(2))
                .with(checkpoint(3, false))
                .with(checkpoint(4, true).withFailed("flush of rank 2 failed"))
                .with(incomplete)
                .with(both)
                .withCurrent(OptionalLong.of(1));

        assertEquals(List.of(7L, 6L, 1L), ids(index.restartable()), "plain newest first, current not moved ahead");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), List.copyOf(index.entries().keySet()));
    }

    @Test
    void currentIsSetAndUnsetAndMustNameAnEntry() {
        Index index = Index.empty().with(checkpoint(3, true)).with(checkpoint(4, true));
        assertEquals(OptionalLong.empty(), index.current());

        Index withCurrent = index.withCurrent(OptionalLong.of(3));
        assertEquals(OptionalLong.of(3), withCurrent.current());
        assertEquals(OptionalLong.empty(), withCurrent.withCurrent(OptionalLong.empty()).current());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> index.withCurrent(OptionalLong.of(9)));
        assertEquals("the current dataset 9 is not in the index", e.getMessage());

        assertEquals(OptionalLong.empty(), withCurrent.without(3).current(), "removing the current entry unsets it");
        assertEquals(OptionalLong.of(3), withCurrent.without(4).current());
    }

    @Test
    void withReplacesByIdAndWithoutRemoves() {
        Index index = Index.empty().with(checkpoint(3, false));
        Index flushed = index.with(checkpoint(3, false).withFlushed(Instant.parse("2026-02-01T00:00:00Z")));
        assertEquals(1, flushed.entries().size());
        assertEquals(Optional.of(Instant.parse("2026-02-01T00:00:00Z")), flushed.entry(3).orElseThrow().flushed());
        assertFalse(index.entry(3).orElseThrow().isFlushed(), "the old value is unchanged");
        assertTrue(flushed.without(3).entries().isEmpty());
        assertSame(flushed, flushed.without(99));
        assertThrows(UnsupportedOperationException.class, () -> flushed.entries().remove(3L));
    }

    @Test
    void byNameFindsTheNewestIdWithThatName() {
        IndexEntry older = new IndexEntry(2, "state", 2, true, false, 1, true, Optional.empty(), Optional.empty());
        IndexEntry newer = new IndexEntry(8, "state", 8, true, false, 1, true, Optional.empty(), Optional.empty());
        Index index = Index.empty().with(newer).with(older).with(checkpoint(5, true));
        assertEquals(8, index.byName("state").orElseThrow().id());
        assertEquals(Optional.empty(), index.byName("nothing"));
    }

    @Test
    void entriesAreCheckedWhenMade() {
        assertEquals("dataset 3 (out) has checkpointId 3, but a pure output's is 0",
                assertThrows(IllegalArgumentException.class,
                        () -> new IndexEntry(3, "out", 3, false, true, 1, true, Optional.empty(), Optional.empty()))
                        .getMessage());
        assertEquals("dataset 3 (c) has checkpointId 0, but a checkpoint's is at least 1",
                assertThrows(IllegalArgumentException.class,
                        () -> new IndexEntry(3, "c", 0, true, false, 1, true, Optional.empty(), Optional.empty()))
                        .getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new IndexEntry(0, "c", 1, true, false, 1, true, Optional.empty(), Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new IndexEntry(1, "c", 1, true, false, 0, true, Optional.empty(), Optional.empty()));
        assertEquals("name is null", assertThrows(NullPointerException.class,
                () -> new IndexEntry(1, null, 1, true, false, 1, true, Optional.empty(), Optional.empty())).getMessage());
    }
}
