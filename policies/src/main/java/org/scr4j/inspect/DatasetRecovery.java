package org.scr4j.inspect;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.scr4j.dataset.DatasetInfo;

/**
 * Whether a restart can restore a dataset from the nodes' caches: which ranks' parts are there,
 * which are missing, and whether the redundancy of those present rebuilds every missing one.
 *
 * @param dataset   what the dataset is, from the manifests; empty when no part has a readable one
 * @param present   the ranks with a usable part on some node
 * @param missing   the other ranks, by rank
 * @param reason    one sentence that says why it is, or is not, recoverable
 */
public record DatasetRecovery(long datasetId, Optional<DatasetInfo> dataset, SortedSet<Integer> present, List<MissingRank> missing,
        boolean recoverable, String reason) {
    public DatasetRecovery {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(reason, "reason is null");
        present = Collections.unmodifiableSortedSet(new TreeSet<>(requireNonNull(present, "present is null")));
        missing = requireNonNull(missing, "missing is null").stream().sorted(Comparator.comparingInt(MissingRank::rank)).toList();
        if (recoverable && (dataset.isEmpty() || missing.stream().anyMatch(m -> !m.recoverable()))) {
            throw new IllegalArgumentException("dataset " + datasetId + " cannot be recoverable with an unknown dataset or a missing"
                    + " rank that cannot be rebuilt");
        }
    }

    /** The missing ranks' numbers. */
    public SortedSet<Integer> missingRanks() {
        SortedSet<Integer> ranks = new TreeSet<>();
        missing.forEach(m -> ranks.add(m.rank()));
        return Collections.unmodifiableSortedSet(ranks);
    }
}
