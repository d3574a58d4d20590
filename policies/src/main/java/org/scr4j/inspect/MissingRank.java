package org.scr4j.inspect;

import static java.util.Objects.requireNonNull;

/**
 * A rank of a dataset whose part no node holds in a usable state, and whether the other ranks'
 * redundancy can rebuild it.
 *
 * @param reason why its part is missing, and why it can or cannot be rebuilt
 */
public record MissingRank(int rank, boolean recoverable, String reason) {
    public MissingRank {
        requireNonNull(reason, "reason is null");
        if (rank < 0) {
            throw new IllegalArgumentException("negative rank " + rank);
        }
    }
}
