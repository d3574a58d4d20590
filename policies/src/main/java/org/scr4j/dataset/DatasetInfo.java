package org.scr4j.dataset;

import static java.util.Objects.requireNonNull;

/**
 * What one dataset is, the same on every rank.
 *
 * @param id           the dataset id, increasing over the whole life of a prefix
 * @param name         the application's name, also its directory on the prefix
 * @param checkpointId the checkpoint's number, which picks its descriptor; 0 for a pure output
 * @param checkpoint   the job can restart from it
 * @param output       it is a result to keep on the prefix
 * @param tier         the cache tier it was written to
 * @param scheme       the redundancy scheme that protects it
 * @param ranks        how many ranks wrote it
 */
public record DatasetInfo(long id, String name, long checkpointId, boolean checkpoint, boolean output, String tier,
        String scheme, int ranks) {
    public DatasetInfo {
        requireNonNull(name, "name is null");
        requireNonNull(tier, "tier is null");
        requireNonNull(scheme, "scheme is null");
        if (id < 1 || ranks < 1) {
            throw new IllegalArgumentException("dataset id and ranks must be positive: id " + id + ", ranks " + ranks);
        }
    }

    /** The same dataset on another cache tier, where demotion or a fallback placement put it. */
    public DatasetInfo withTier(String other) {
        return new DatasetInfo(id, name, checkpointId, checkpoint, output, other, scheme, ranks);
    }

    /** "heat.20 (id 7)", how messages name a dataset. */
    public String label() {
        return name + " (id " + id + ")";
    }
}
