package org.scr4j.scheme;

import static java.util.Objects.requireNonNull;

import org.scr4j.dataset.DatasetInfo;
import org.scr4j.tier.StorageTier;

/**
 * One rank's part of a dataset in its node's cache, as a scheme sees it: the directory
 * {@code directory} on {@code tier} holds the application's files under {@code files/}, the
 * manifest, and whatever the scheme adds under {@code redundancy/}. A rank being rebuilt has an
 * empty directory.
 */
public record RankPart(DatasetInfo dataset, int rank, StorageTier tier, String directory) {
    public static final String FILES = "files/";
    public static final String REDUNDANCY = "redundancy/";

    public RankPart {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(tier, "tier is null");
        requireNonNull(directory, "directory is null");
    }

    /** The tier path of one of the application's files. */
    public String file(String path) {
        return FILES + path;
    }

    /** The tier path of a file the scheme adds. */
    public String redundancy(String name) {
        return REDUNDANCY + name;
    }
}
