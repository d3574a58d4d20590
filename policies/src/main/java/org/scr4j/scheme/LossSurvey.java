package org.scr4j.scheme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntUnaryOperator;
import java.util.stream.Collectors;
import org.scr4j.dataset.Manifest;
import org.scr4j.group.Group;

/**
 * What every rank knows of a dataset's redundancy when some parts are lost, gathered on every
 * rank with one allGather, so that every rank draws the same verdict from the same facts: which
 * sets lost which members, whether a scheme can rebuild them, and whether the sets of this run
 * are the ones the data was protected with.
 */
final class LossSurvey {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What one rank found: its part is lost, its redundancy is fine, or its header, or a parity
     * unit a rebuild would read, is missing or damaged.
     */
    enum State { LOST, OK, BROKEN }

    /** One rank's finding; {@code set} and {@code parity} come from its header when OK. */
    record Status(int rank, State state, String problem, Optional<RedundancySet> set, int parity) {
    }

    /** Whether a set with these members unavailable can still be rebuilt, and why not. */
    @FunctionalInterface
    interface Tolerance {
        /**
         * @param unavailable member indexes lost or without a readable header
         * @param lost        member indexes whose parts are lost
         * @return why the set cannot be rebuilt, or empty
         */
        Optional<String> exceeded(RedundancySet set, Set<Integer> unavailable, Set<Integer> lost, int parity);
    }

    private final String scheme;
    private final List<Status> statuses;
    private final Optional<SchemeHeader> header;
    private final List<String> currentGroups;

    private final Map<Integer, RedundancySet> sets = new TreeMap<>();
    private final Map<Integer, Integer> parities = new TreeMap<>();

    private LossSurvey(String scheme, List<Status> statuses, Optional<SchemeHeader> header, List<String> currentGroups) {
        this.scheme = scheme;
        this.statuses = List.copyOf(statuses);
        this.header = header;
        this.currentGroups = List.copyOf(currentGroups);
        for (Status s : statuses) {
            s.set().ifPresent(set -> {
                sets.putIfAbsent(set.id(), set);
                parities.putIfAbsent(set.id(), s.parity());
            });
        }
    }

    /** Collective: reads this rank's header and gathers every rank's finding. */
    static LossSurvey take(Group group, RankPart part, Optional<Manifest> mine, Set<Integer> lost, String scheme,
            List<String> currentGroups) {
        int rank = group.rank();
        Optional<SchemeHeader> header = Optional.empty();
        ObjectNode status = JSON.createObjectNode();
        if (lost.contains(rank)) {
            status.put("state", State.LOST.name());
        } else if (mine.isEmpty()) {
            status.put("state", State.BROKEN.name()).put("problem", "it has no manifest but is not among the lost ranks "
                    + new TreeSet<>(lost) + "; only lost ranks may lack their part");
        } else {
            try {
                header = PartFiles.readHeader(part);
                String problem = header.isEmpty() ? "its part has no " + scheme + " header (" + part.redundancy(SchemeHeader.FILE)
                        + ")" : mismatch(header.get(), part, scheme);
                if (problem == null && rebuildsFrom(header.get(), lost)) {
                    problem = StoredUnits.problem(part, header.get());
                }
                if (problem != null) {
                    header = Optional.empty();
                    status.put("state", State.BROKEN.name()).put("problem", problem);
                } else {
                    status.put("state", State.OK.name());
                    header.get().set().ifPresent(set -> writeSet(status.putObject("set"), set));
                    status.put("parity", header.get().geometry().map(StripeGeometry::parity).orElse(0));
                }
            } catch (IOException | RuntimeException e) {
                // Whatever went wrong here, this rank must still take part in the gather below.
                header = Optional.empty();
                status.put("state", State.BROKEN.name()).put("problem", Workers.message(e));
            }
        }
        List<Status> all = new ArrayList<>();
        List<byte[]> gathered = group.allGather(bytes(status));
        for (int r = 0; r < gathered.size(); r++) {
            all.add(parse(r, gathered.get(r)));
        }
        return new LossSurvey(scheme, all, header, currentGroups);
    }

    /** Whether a rebuild of {@code lost} reads this part's redundancy: its set lost a member. */
    private static boolean rebuildsFrom(SchemeHeader h, Set<Integer> lost) {
        return h.set().map(set -> set.ranks().stream().anyMatch(lost::contains)).orElse(false);
    }

    private static String mismatch(SchemeHeader h, RankPart part, String scheme) {
        if (!h.scheme().equals(scheme)) {
            return "its header was written by " + h.scheme() + ", not " + scheme;
        }
        if (h.dataset() != part.dataset().id() || h.rank() != part.rank()) {
            return "its header belongs to dataset " + h.dataset() + " rank " + h.rank() + ", not to " + part.dataset().label()
                    + " rank " + part.rank();
        }
        return null;
    }

    /** This rank's header, when it is fine. */
    Optional<SchemeHeader> header() {
        return header;
    }

    Status status(int rank) {
        return statuses.get(rank);
    }

    Set<Integer> ranksIn(State state) {
        return statuses.stream().filter(s -> s.state() == state).map(Status::rank).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Nothing is lost and every header reads: the dataset is whole and protected. */
    boolean whole() {
        return statuses.stream().allMatch(s -> s.state() == State.OK);
    }

    /** The sets as the fine headers describe them, by id. */
    Map<Integer, RedundancySet> sets() {
        return java.util.Collections.unmodifiableMap(sets);
    }

    Optional<RedundancySet> setOf(int rank) {
        return sets.values().stream().filter(s -> s.indexOf(rank) >= 0).findFirst();
    }

    /** The parity units per row of a set, from its members' headers. */
    int parity(RedundancySet set) {
        return parities.getOrDefault(set.id(), 0);
    }

    /** Member indexes of a set whose ranks are in {@code state}. */
    Set<Integer> members(RedundancySet set, State state) {
        Set<Integer> members = new TreeSet<>();
        for (int i = 0; i < set.size(); i++) {
            if (statuses.get(set.rank(i)).state() == state) {
                members.add(i);
            }
        }
        return members;
    }

    /** Why the lost ranks cannot be rebuilt, the same text on every rank; empty if they can. */
    Optional<String> unrecoverable(String dataset, Tolerance tolerance) {
        List<String> why = new ArrayList<>();
        Map<Integer, Status> firstOfSet = new TreeMap<>();
        for (Status s : statuses) {
            if (s.set().isPresent()) {
                Status t = firstOfSet.computeIfAbsent(s.set().get().id(), id -> s);
                if (!s.set().get().equals(t.set().get())) {
                    why.add("ranks " + t.rank() + " and " + s.rank() + " disagree on redundancy set " + s.set().get().id()
                            + " (" + t.set().get().describe() + " against " + s.set().get().describe()
                            + "): their parts come from different runs");
                }
            }
            if (s.state() == State.BROKEN && s.problem().startsWith("it has no manifest")) {
                why.add("rank " + s.rank() + ": " + s.problem());
            }
        }
        Set<Integer> covered = new TreeSet<>();
        for (RedundancySet set : sets.values()) {
            Set<Integer> lost = members(set, State.LOST);
            Set<Integer> unavailable = new TreeSet<>(lost);
            unavailable.addAll(members(set, State.BROKEN));
            lost.forEach(i -> covered.add(set.rank(i)));
            if (!lost.isEmpty()) {
                tolerance.exceeded(set, unavailable, lost, parity(set)).ifPresent(reason -> why.add("redundancy set " + set.id()
                        + " (" + set.describe() + " when written) lost " + name(set, unavailable) + "; " + reason));
            }
        }
        Set<Integer> uncovered = new TreeSet<>(ranksIn(State.LOST));
        uncovered.removeAll(covered);
        if (!uncovered.isEmpty()) {
            why.add("no surviving rank holds " + scheme + " data for rank(s) " + uncovered.stream().map(r -> r + " (now on "
                    + currentGroups.get(r) + ")").collect(Collectors.joining(", ")) + ": they were in no redundancy set"
                    + " (protected as SINGLE only), or every member of their set is lost");
        }
        if (why.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(scheme + " cannot rebuild " + dataset + ": " + String.join("; ", new LinkedHashSet<>(why))
                + ". Lost ranks: " + lostList() + brokenText() + ". Restart from an older checkpoint or the prefix");
    }

    /**
     * When the lost ranks can be rebuilt but some survivors' redundancy cannot be read: what a
     * rebuild leaves out and why, for the log, the same text on every rank.
     */
    Optional<String> rebuildingAround(String dataset) {
        Set<Integer> broken = ranksIn(State.BROKEN);
        return broken.isEmpty() ? Optional.empty() : Optional.of(scheme + " rebuilds " + lostText() + " of " + dataset
                + " without the redundancy of rank(s) " + broken.stream().map(r -> r + " (" + statuses.get(r).problem() + ")")
                        .collect(Collectors.joining(", ")) + ", and protects the dataset again");
    }

    /** "the part(s) of rank(s) 1 (now on n1), 3 (now on n3)", how rebuild messages name what was lost. */
    String lostText() {
        return "the part(s) of rank(s) " + lostList();
    }

    private String lostList() {
        return ranksIn(State.LOST).stream().map(r -> r + " (now on " + currentGroups.get(r) + ")").collect(Collectors.joining(", "));
    }

    private String brokenText() {
        Set<Integer> broken = ranksIn(State.BROKEN);
        return broken.isEmpty() ? "" : "; ranks with unreadable redundancy: " + broken.stream()
                .map(r -> r + " (" + statuses.get(r).problem() + ")").collect(Collectors.joining(", "));
    }

    /** "ranks 1 (node n1), 2 (node n2)", the unavailable members as they were when written. */
    private String name(RedundancySet set, Set<Integer> members) {
        return members.stream().map(i -> "rank " + set.rank(i) + " (" + set.members().get(i).failureGroup()
                + (statuses.get(set.rank(i)).state() == State.BROKEN ? ", its redundancy unreadable" : "") + ")")
                .collect(Collectors.joining(", "));
    }

    /**
     * Whether this run forms exactly the sets the data was protected with, with the same parity,
     * and every header reads: then only what was lost needs to be made again.
     */
    boolean unchanged(SetPlan now, IntUnaryOperator parityForSize) {
        if (!ranksIn(State.BROKEN).isEmpty()) {
            return false;
        }
        Map<Integer, RedundancySet> old = sets();
        List<List<Integer>> before = old.values().stream().map(RedundancySet::ranks).toList();
        if (!before.equals(now.layout()) || !List.copyOf(old.keySet()).equals(now.sets().stream().map(RedundancySet::id).toList())) {
            return false;
        }
        for (RedundancySet set : old.values()) {
            if (parity(set) != parityForSize.applyAsInt(set.size())) {
                return false;
            }
        }
        Set<Integer> unprotectedBefore = new TreeSet<>();
        for (Status s : statuses) {
            if (s.set().isEmpty() && old.values().stream().noneMatch(set -> set.indexOf(s.rank()) >= 0)) {
                unprotectedBefore.add(s.rank());
            }
        }
        return unprotectedBefore.equals(new TreeSet<>(now.unprotected()));
    }

    private static void writeSet(ObjectNode node, RedundancySet set) {
        node.put("id", set.id());
        ArrayNode members = node.putArray("members");
        for (RedundancySet.Member m : set.members()) {
            members.addObject().put("rank", m.rank()).put("failureGroup", m.failureGroup());
        }
    }

    private static byte[] bytes(ObjectNode status) {
        try {
            return JSON.writeValueAsBytes(status);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a rank's redundancy status", e);
        }
    }

    private static Status parse(int rank, byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            Optional<RedundancySet> set = Optional.empty();
            if (node.has("set")) {
                List<RedundancySet.Member> members = new ArrayList<>();
                for (JsonNode m : node.get("set").get("members")) {
                    members.add(new RedundancySet.Member(m.get("rank").asInt(), m.get("failureGroup").asText()));
                }
                set = Optional.of(new RedundancySet(node.get("set").get("id").asInt(), members));
            }
            return new Status(rank, State.valueOf(node.get("state").asText()), node.path("problem").asText(""), set,
                    node.path("parity").asInt(0));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("rank " + rank + " sent an unreadable redundancy status: ranks run different scr4j"
                    + " versions", e);
        }
    }
}
