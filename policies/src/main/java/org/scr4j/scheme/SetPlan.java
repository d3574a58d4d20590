package org.scr4j.scheme;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * How a job's ranks are cut into redundancy sets, and the ranks no set could take (they keep only
 * SINGLE's protection). Every rank computes the same plan from the same failure groups.
 */
record SetPlan(List<RedundancySet> sets, List<Integer> unprotected) {
    SetPlan {
        sets = List.copyOf(requireNonNull(sets, "sets is null"));
        unprotected = List.copyOf(requireNonNull(unprotected, "unprotected is null"));
    }

    Optional<RedundancySet> setOf(int rank) {
        return sets.stream().filter(s -> s.indexOf(rank) >= 0).findFirst();
    }

    /** The sets as rank lists: two plans with equal layouts protect the same way. */
    List<List<Integer>> layout() {
        return sets.stream().map(RedundancySet::ranks).toList();
    }
}
