package org.scr4j.engine;

import static java.util.Objects.requireNonNull;

import org.scr4j.dataset.DatasetInfo;

/**
 * A dataset every rank holds in its cache, as all ranks agree on it.
 *
 * @param flushed whether the prefix holds a verified copy
 */
record CachedDataset(DatasetInfo info, boolean flushed) {
    CachedDataset {
        requireNonNull(info, "info is null");
    }

    CachedDataset asFlushed() {
        return new CachedDataset(info, true);
    }
}
