package org.scr4j.launch.admin;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.scr4j.control.IndexEntry;
import org.scr4j.dataset.DatasetInfo;
import org.scr4j.dataset.Manifest;

/**
 * A dataset as the prefix holds it: every rank's manifest, in rank order, all describing the same
 * dataset; {@code flushed} is when the last manifest was written, which ends a flush.
 */
record FlushedDataset(DatasetInfo info, List<Manifest> manifests, Instant flushed) {
    FlushedDataset {
        requireNonNull(info, "info is null");
        requireNonNull(flushed, "flushed is null");
        manifests = List.copyOf(manifests);
        if (manifests.size() != info.ranks()) {
            throw new IllegalArgumentException(info.label() + " has " + info.ranks() + " ranks but " + manifests.size()
                    + " manifests");
        }
    }

    long bytes() {
        return manifests.stream().mapToLong(Manifest::bytes).sum();
    }

    int files() {
        return manifests.stream().mapToInt(m -> m.files().size()).sum();
    }

    /** The index entry of a complete, flushed dataset. */
    IndexEntry entry() {
        return new IndexEntry(info.id(), info.name(), info.checkpointId(), info.checkpoint(), info.output(), info.ranks(),
                true, Optional.of(flushed), Optional.empty());
    }
}
