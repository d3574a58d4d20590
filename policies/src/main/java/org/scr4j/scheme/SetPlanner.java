package org.scr4j.scheme;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Cuts ranks into redundancy sets as SCR's redset does: ranks are split by failure group, the
 * i-th rank of every group forms column i (groups in the order of their lowest rank), and each
 * column is cut into sets of about {@code setSize} members, so no set holds two members of one
 * failure group. A rank left alone in its column joins a set that lacks its failure group, or
 * pairs with a member taken from a set of three or more; failing both it stays unprotected.
 */
final class SetPlanner {
    private SetPlanner() {
    }

    /**
     * @param failureGroups every rank's failure group, in rank order
     * @param setSize       the wanted size; a column is cut into max(1, len / setSize) sets as even
     *                      as possible, so sets hold setSize to 2 * setSize - 1 members
     * @param maxSize       the largest set a scheme can code (GF(2^8) allows 256 units)
     */
    static SetPlan plan(List<String> failureGroups, int setSize, int maxSize) {
        if (setSize < 2 || maxSize < 2) {
            return new SetPlan(List.of(), rangeOf(failureGroups.size()));
        }
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int rank = 0; rank < failureGroups.size(); rank++) {
            groups.computeIfAbsent(failureGroups.get(rank), g -> new ArrayList<>()).add(rank);
        }
        Map<String, Integer> groupOrder = new LinkedHashMap<>();
        groups.keySet().forEach(g -> groupOrder.put(g, groupOrder.size()));
        int depth = groups.values().stream().mapToInt(List::size).max().orElse(0);
        List<List<Integer>> sets = new ArrayList<>();
        List<Integer> alone = new ArrayList<>();
        for (int column = 0; column < depth; column++) {
            List<Integer> ranks = new ArrayList<>();
            for (List<Integer> members : groups.values()) {
                if (column < members.size()) {
                    ranks.add(members.get(column));
                }
            }
            if (ranks.size() == 1) {
                alone.add(ranks.get(0));
                continue;
            }
            int count = Math.max(Math.max(1, ranks.size() / setSize), ceilDiv(ranks.size(), maxSize));
            int start = 0;
            for (int s = 0; s < count; s++) {
                int size = ranks.size() / count + (s < ranks.size() % count ? 1 : 0);
                if (size == 1) {
                    alone.add(ranks.get(start)); // a cap of 2 cut an odd column
                } else {
                    sets.add(new ArrayList<>(ranks.subList(start, start + size)));
                }
                start += size;
            }
        }
        List<Integer> unprotected = new ArrayList<>();
        for (int rank : alone) {
            if (!join(rank, sets, failureGroups, maxSize) && !pairUp(rank, sets, failureGroups, groupOrder)) {
                unprotected.add(rank);
            }
        }
        List<RedundancySet> result = new ArrayList<>();
        for (List<Integer> ranks : sets) {
            result.add(new RedundancySet(result.size(),
                    ranks.stream().map(r -> new RedundancySet.Member(r, failureGroups.get(r))).toList()));
        }
        return new SetPlan(result, unprotected);
    }

    /** Adds the rank to the smallest set with room and no member of its failure group. */
    private static boolean join(int rank, List<List<Integer>> sets, List<String> failureGroups, int maxSize) {
        String group = failureGroups.get(rank);
        List<Integer> best = null;
        for (List<Integer> set : sets) {
            boolean fits = set.size() < maxSize && set.stream().noneMatch(r -> failureGroups.get(r).equals(group));
            if (fits && (best == null || set.size() < best.size())) {
                best = set;
            }
        }
        if (best == null) {
            return false;
        }
        best.add(rank);
        return true;
    }

    /** Takes one member of another failure group from the largest set of three or more and pairs it with the rank. */
    private static boolean pairUp(int rank, List<List<Integer>> sets, List<String> failureGroups, Map<String, Integer> groupOrder) {
        String group = failureGroups.get(rank);
        List<Integer> donor = null;
        for (List<Integer> set : sets) {
            if (set.size() >= 3 && (donor == null || set.size() > donor.size())) {
                donor = set;
            }
        }
        if (donor == null) {
            return false;
        }
        for (int i = donor.size() - 1; i >= 0; i--) {
            int other = donor.get(i);
            if (!failureGroups.get(other).equals(group)) {
                donor.remove(i);
                List<Integer> pair = new ArrayList<>(List.of(other, rank));
                pair.sort(Comparator.comparing((Integer r) -> groupOrder.get(failureGroups.get(r))));
                sets.add(pair);
                return true;
            }
        }
        return false;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static List<Integer> rangeOf(int n) {
        List<Integer> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        return all;
    }

    /**
     * Why no set can protect anything with these options, for a scheme's cannotProtect: a set size
     * below 2, or every rank in one failure group. {@code needs} and {@code so} word it for the scheme.
     */
    static Optional<String> cannotProtect(SchemeOptions options, Supplier<SetPlan> plan, String needs,
            String so) {
        if (options.setSize() < 2) {
            return Optional.of("scr.set.size is " + options.setSize() + ", and " + needs + " at least 2 ranks on"
                    + " distinct failure groups");
        }
        if (plan.get().sets().isEmpty()) {
            return Optional.of("all " + options.failureGroups().size() + " ranks run in one failure group ("
                    + String.join(", ", new LinkedHashSet<>(options.failureGroups())) + "), " + so);
        }
        return Optional.empty();
    }
}
