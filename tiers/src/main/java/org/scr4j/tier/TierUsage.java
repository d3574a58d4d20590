package org.scr4j.tier;

import java.util.OptionalLong;

/**
 * Space on a tier at one moment.
 *
 * @param used      bytes scr4j keeps under the tier's directory
 * @param reserved  bytes promised to writes in progress and not yet written
 * @param fsFree    bytes the underlying file system still lets this user write
 * @param capacity  the configured limit, if any
 */
public record TierUsage(long used, long reserved, long fsFree, OptionalLong capacity) {
    /** What a new reservation may still take: the smaller of capacity left and file system free space. */
    public long available() {
        long byCapacity = capacity.isPresent() ? capacity.getAsLong() - used - reserved : Long.MAX_VALUE;
        return Math.max(0, Math.min(byCapacity, fsFree - reserved));
    }
}
