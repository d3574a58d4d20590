package org.scr4j.inspect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.scr4j.dataset.DatasetInfo;
import org.scr4j.scheme.RecoveryGroup;
import org.scr4j.scheme.SingleScheme;

/**
 * Which cached datasets a restart can restore, from every node's {@link CacheListing}. A rank is
 * present when some node holds a usable part of it. A missing rank can be rebuilt when some
 * recovery group that contains it, as a present rank's redundancy header records it, has no more
 * unavailable members than it survives. Unavailable means missing, or present with redundancy
 * that cannot be read: the same members the scheme's rebuild counts as lost or broken, so this
 * verdict is the one a restart would reach.
 */
public final class Recoverability {
    private Recoverability() {
    }

    /** One verdict per dataset id found in {@code parts}, newest first. */
    public static List<DatasetRecovery> assess(Collection<PartListing> parts) {
        Map<Long, List<PartListing>> byDataset = new TreeMap<>(Comparator.reverseOrder());
        for (PartListing p : parts) {
            byDataset.computeIfAbsent(p.datasetId(), id -> new ArrayList<>()).add(p);
        }
        List<DatasetRecovery> verdicts = new ArrayList<>();
        byDataset.forEach((id, ofDataset) -> verdicts.add(assess(id, ofDataset)));
        return List.copyOf(verdicts);
    }

    /** What identifies a dataset across its parts; the tier may differ while a dataset moves between tiers. */
    private record Identity(String name, long checkpointId, boolean checkpoint, boolean output, String scheme, int ranks) {
        static Identity of(DatasetInfo d) {
            return new Identity(d.name(), d.checkpointId(), d.checkpoint(), d.output(), d.scheme(), d.ranks());
        }
    }

    private static DatasetRecovery assess(long id, List<PartListing> parts) {
        List<PartListing> sorted = parts.stream().sorted(Comparator.comparingInt(PartListing::rank)).toList();
        List<PartListing> complete = sorted.stream().filter(PartListing::complete).toList();
        if (complete.isEmpty()) {
            String why = "no part of it has a readable manifest, so nothing says what it is: the job stopped while writing it,"
                    + " and its next run deletes these parts";
            List<MissingRank> missing = sorted.stream().map(PartListing::rank).distinct()
                    .map(r -> new MissingRank(r, false, absence(r, sorted) + "; " + why)).toList();
            return new DatasetRecovery(id, Optional.empty(), new TreeSet<>(), missing, false, why);
        }
        DatasetInfo info = complete.get(0).dataset().orElseThrow();
        Optional<String> conflict = conflict(complete);
        Map<Integer, Set<RecoveryGroup>> groupsOf = new TreeMap<>();
        for (PartListing p : sorted) {
            if (p.usable()) {
                groupsOf.computeIfAbsent(p.rank(), r -> new LinkedHashSet<>()).addAll(p.recoveryGroups());
            }
        }
        SortedSet<Integer> present = new TreeSet<>(groupsOf.keySet());
        Set<RecoveryGroup> known = new LinkedHashSet<>();
        groupsOf.values().forEach(known::addAll);
        Set<Integer> unavailable = new TreeSet<>();
        for (int r = 0; r < info.ranks(); r++) {
            // A member whose own header reads records its group; one listed by others but recording none cannot help.
            if (!present.contains(r) || (groupsOf.get(r).isEmpty() && inSomeGroup(r, known))) {
                unavailable.add(r);
            }
        }
        List<MissingRank> missing = new ArrayList<>();
        for (int r = 0; r < info.ranks(); r++) {
            if (!present.contains(r)) {
                missing.add(verdict(r, sorted, info, known, unavailable, groupsOf));
            }
        }
        if (conflict.isPresent()) {
            return new DatasetRecovery(id, Optional.of(info), present, missing, false, conflict.get());
        }
        List<MissingRank> lost = missing.stream().filter(m -> !m.recoverable()).toList();
        String reason;
        if (missing.isEmpty()) {
            reason = "the parts of all " + info.ranks() + " ranks are present";
        } else if (lost.isEmpty()) {
            reason = ranks(missing) + " missing; the " + info.scheme() + " redundancy of the ranks present rebuilds them";
        } else {
            reason = ranks(lost) + " cannot be rebuilt (" + lost.stream().map(m -> "rank " + m.rank() + ": " + m.reason())
                    .collect(Collectors.joining("; ")) + "); a restart falls back to an older checkpoint or the prefix";
        }
        return new DatasetRecovery(id, Optional.of(info), present, missing, lost.isEmpty(), reason);
    }

    private static Optional<String> conflict(List<PartListing> complete) {
        PartListing first = complete.get(0);
        Identity identity = Identity.of(first.dataset().orElseThrow());
        for (PartListing p : complete) {
            if (!Identity.of(p.dataset().orElseThrow()).equals(identity)) {
                return Optional.of("its parts disagree on what it is (" + describe(first) + " against " + describe(p)
                        + "): they come from different runs, and a restart cannot use it");
            }
        }
        return Optional.empty();
    }

    private static String describe(PartListing p) {
        DatasetInfo d = p.dataset().orElseThrow();
        return d.label() + " " + d.scheme() + " of " + d.ranks() + " ranks, per rank " + p.rank() + " on node " + p.node();
    }

    private static boolean inSomeGroup(int rank, Set<RecoveryGroup> groups) {
        return groups.stream().anyMatch(g -> g.members().contains(rank));
    }

    private static MissingRank verdict(int rank, List<PartListing> parts, DatasetInfo info, Set<RecoveryGroup> known,
            Set<Integer> unavailable, Map<Integer, Set<RecoveryGroup>> groupsOf) {
        String absence = absence(rank, parts);
        List<RecoveryGroup> covering = known.stream().filter(g -> g.members().contains(rank)).toList();
        if (covering.isEmpty()) {
            String why = SingleScheme.NAME.equals(info.scheme()) ? "SINGLE keeps no copy on another node"
                    : "no present rank's " + info.scheme() + " redundancy covers it (it was in no redundancy set, or the ranks"
                    + " that hold its redundancy are missing too)";
            return new MissingRank(rank, false, absence + "; " + why);
        }
        for (RecoveryGroup g : covering) {
            if (g.survives(unavailable)) {
                return new MissingRank(rank, true, absence + "; rebuilt from ranks " + without(g.members(), unavailable)
                        + " (their group " + g.members() + " survives " + g.tolerance() + " lost and has " + g.lost(unavailable)
                        + ")");
            }
        }
        String why = covering.stream().map(g -> "group " + g.members() + " survives " + g.tolerance() + " lost but has "
                + g.lost(unavailable) + " (" + unavailableMembers(g, unavailable, groupsOf) + ")").collect(Collectors.joining(", "));
        return new MissingRank(rank, false, absence + "; too many of its group are gone: " + why);
    }

    /** Why no usable part of {@code rank} is held: none at all, or what is wrong with each one found. */
    private static String absence(int rank, List<PartListing> parts) {
        List<String> found = parts.stream().filter(p -> p.rank() == rank && !p.usable())
                .map(p -> "its part on node " + p.node() + ", tier " + p.tier() + ": " + p.problem().orElse("unusable")).toList();
        return found.isEmpty() ? "no node holds its part" : String.join("; ", found);
    }

    private static SortedSet<Integer> without(Set<Integer> members, Set<Integer> unavailable) {
        SortedSet<Integer> left = new TreeSet<>(members);
        left.removeAll(unavailable);
        return left;
    }

    private static String unavailableMembers(RecoveryGroup g, Set<Integer> unavailable, Map<Integer, Set<RecoveryGroup>> groupsOf) {
        return g.members().stream().filter(unavailable::contains)
                .map(r -> groupsOf.containsKey(r) ? "rank " + r + " present, but its redundancy header is missing or unreadable" : "rank " + r + " missing")
                .collect(Collectors.joining(", "));
    }

    private static String ranks(List<MissingRank> missing) {
        return (missing.size() == 1 ? "rank " : "ranks ") + missing.stream().map(m -> Integer.toString(m.rank()))
                .collect(Collectors.joining(", "));
    }
}
