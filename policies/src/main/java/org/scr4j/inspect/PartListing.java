package org.scr4j.inspect;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.scr4j.dataset.DatasetInfo;
import org.scr4j.scheme.RecoveryGroup;

/**
 * One rank's part of a dataset as a node's cache holds it: the directory {@code dataset.<id>.rank.<r>}
 * on one cache tier, what its manifest says, what is on disk, and what its redundancy protects.
 *
 * @param node              the node whose cache holds it
 * @param tier              the cache tier's name
 * @param directory         the part's directory on the tier
 * @param datasetId         the dataset id, from the directory's name
 * @param rank              the rank, from the directory's name
 * @param dataset           what the part's manifest says the dataset is; empty when there is no readable manifest
 *                          that belongs to this directory (the part was never completed, or is damaged)
 * @param files             the application's files on disk (under {@code files/})
 * @param bytes             their bytes
 * @param redundancyBytes   the bytes the scheme added (under {@code redundancy/}: copies, parity, header)
 * @param problem           why the part cannot be restored as it is: no manifest, a damaged one, or files that
 *                          disagree with it; empty when it can
 * @param recoveryGroups    the groups of ranks whose lost parts this part helps rebuild (see
 *                          {@link org.scr4j.scheme.RedundancyScheme#recoveryGroups}); empty for an incomplete part
 * @param redundancyProblem why the part's redundancy cannot be used (a damaged header, an unknown scheme); empty when
 *                          it can or there is none
 */
public record PartListing(String node, String tier, String directory, long datasetId, int rank, Optional<DatasetInfo> dataset,
        int files, long bytes, long redundancyBytes, Optional<String> problem, List<RecoveryGroup> recoveryGroups,
        Optional<String> redundancyProblem) {
    public PartListing {
        requireNonNull(node, "node is null");
        requireNonNull(tier, "tier is null");
        requireNonNull(directory, "directory is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(problem, "problem is null");
        requireNonNull(redundancyProblem, "redundancyProblem is null");
        recoveryGroups = List.copyOf(requireNonNull(recoveryGroups, "recoveryGroups is null"));
        if (datasetId < 1 || rank < 0 || files < 0 || bytes < 0 || redundancyBytes < 0) {
            throw new IllegalArgumentException(directory + ": negative rank, count or size, or a dataset id below 1");
        }
        if (dataset.isPresent() && (dataset.get().id() != datasetId || rank >= dataset.get().ranks())) {
            throw new IllegalArgumentException(directory + ": its dataset " + dataset.get() + " is not dataset " + datasetId
                    + " with a rank " + rank);
        }
        if (dataset.isEmpty() && problem.isEmpty()) {
            throw new IllegalArgumentException(directory + ": a part without a readable manifest needs the problem that says why");
        }
    }

    /** Its manifest is readable and belongs to it: the rank committed this dataset. */
    public boolean complete() {
        return dataset.isPresent();
    }

    /** A restart can use it as it is: complete, and its files agree with its manifest. */
    public boolean usable() {
        return complete() && problem.isEmpty();
    }
}
