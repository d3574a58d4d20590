package org.scr4j.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Loses every combination of nodes up to a size, on a freshly protected dataset each time, and
 * checks the outcome against what the scheme promises: a survivable loss is rebuilt bit for bit
 * with the original manifests and leaves the dataset protected again (one more node is then lost
 * and rebuilt); any other loss fails on every rank with the same NotRecoverableException, which
 * names every lost rank.
 */
final class LossDrill {
    /** Where the lost ranks run after the loss. */
    enum Move {
        /** A fresh node of the same name (the node was repaired or replaced): the sets stay as they are. */
        SAME_NODE,
        /** A spare node of a new name: new failure groups, usually the same sets. */
        SPARE,
        /** Onto the first surviving node, beside its ranks: the sets change and the dataset is protected afresh. */
        DOUBLE_UP
    }

    /** Whether a scheme with these options survives losing these ranks, by its promise. */
    @FunctionalInterface
    interface Promise {
        boolean survives(SchemeOptions options, Set<Integer> lostRanks);
    }

    private final Supplier<RedundancyScheme> scheme;
    private final List<String> nodes;
    private final int setSize;
    private final int failures;
    private final Promise promise;
    int survived;
    int refused;

    LossDrill(Supplier<RedundancyScheme> scheme, List<String> nodes, int setSize, int failures, Promise promise) {
        this.scheme = scheme;
        this.nodes = List.copyOf(nodes);
        this.setSize = setSize;
        this.failures = failures;
        this.promise = promise;
    }

    /** XOR and RS keep their promise per set: at most m members of a set lost. */
    static Promise perSet(int parity) {
        return (options, lost) -> {
            SetPlan plan = SetPlanner.plan(options.failureGroups(), options.setSize(), 256);
            if (lost.stream().anyMatch(r -> plan.setOf(r).isEmpty())) {
                return false;
            }
            for (RedundancySet set : plan.sets()) {
                long inSet = lost.stream().filter(r -> set.indexOf(r) >= 0).count();
                if (inSet > Math.min(parity, set.size() - 1)) {
                    return false;
                }
            }
            return true;
        };
    }

    /** PARTNER: no lost rank whose partner (the next member of its set) is lost too. */
    static Promise partner() {
        return (options, lost) -> {
            SetPlan plan = SetPlanner.plan(options.failureGroups(), options.setSize(), Integer.MAX_VALUE);
            for (int r : lost) {
                if (plan.setOf(r).isEmpty()) {
                    return false;
                }
                RedundancySet set = plan.setOf(r).get();
                if (lost.contains(set.rank((set.indexOf(r) + 1) % set.size()))) {
                    return false;
                }
            }
            return true;
        };
    }

    /** Runs every combination of up to {@code maxLost} distinct nodes. */
    LossDrill everyCombination(int maxLost, Move move) throws Exception {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(nodes));
        for (int size = 1; size <= maxLost; size++) {
            for (Set<String> combination : combinations(distinct, size)) {
                drill(combination, move);
            }
        }
        return this;
    }

    void drill(Set<String> lostNodes, Move move) throws Exception {
        try (SchemeJob job = new SchemeJob(scheme.get(), nodes).setSize(setSize).failures(failures)) {
            job.write().apply();
            for (int r = 0; r < job.ranks(); r++) {
                assertTrue(job.redundancyFiles(r).contains(RankPart.REDUNDANCY + SchemeHeader.FILE), "rank " + r + " has a header");
            }
            SchemeOptions before = job.options();
            Set<Integer> lost = job.lose(lostNodes, moves(job, lostNodes, move));
            String what = job.scheme.name() + " on " + nodes + " (set size " + setSize + ") losing " + lostNodes + " " + move;
            if (!promise.survives(before, lost)) {
                expectRefusal(job, lost, what);
                refused++;
                return;
            }
            expectRebuilt(job, lost, what);
            survived++;
            // Protected again: one more node is lost, and rebuilt too.
            SchemeOptions after = job.options();
            for (String next : new LinkedHashSet<>(job.nodes())) {
                Set<Integer> again = new TreeSet<>();
                for (int r = 0; r < job.ranks(); r++) {
                    if (job.nodes().get(r).equals(next)) {
                        again.add(r);
                    }
                }
                if (!lostNodes.contains(next) && promise.survives(after, again)) {
                    job.lose(Set.of(next), Map.of());
                    expectRebuilt(job, again, what + ", then " + next);
                    return;
                }
            }
            fail(what + ": no further node could be lost under the new sets");
        }
    }

    private static Map<String, String> moves(SchemeJob job, Set<String> lostNodes, Move move) {
        Map<String, String> moved = new HashMap<>();
        for (String n : lostNodes) {
            switch (move) {
                case SAME_NODE -> moved.put(n, n);
                case SPARE -> moved.put(n, "spare-" + n);
                case DOUBLE_UP -> moved.put(n, job.nodes().stream().filter(s -> !lostNodes.contains(s)).findFirst().orElse(n));
                default -> throw new IllegalArgumentException(move.name());
            }
        }
        return moved;
    }

    static void expectRebuilt(SchemeJob job, Set<Integer> lost, String what) throws Exception {
        List<Object> results = job.recover(lost);
        for (int r = 0; r < job.ranks(); r++) {
            Object result = results.get(r);
            if (result instanceof Exception e) {
                throw new AssertionError(what + ": rank " + r + " failed: " + e, e);
            }
            assertEquals(job.original(r), result, what + ": manifest of rank " + r);
        }
        job.checkFiles();
    }

    static String expectRefusal(SchemeJob job, Set<Integer> lost, String what) throws Exception {
        List<Object> results = job.recover(lost);
        Object first = results.get(0);
        assertInstanceOf(NotRecoverableException.class, first, what + ": rank 0");
        String message = ((Exception) first).getMessage();
        for (int r = 0; r < job.ranks(); r++) {
            assertInstanceOf(NotRecoverableException.class, results.get(r), what + ": rank " + r);
            assertEquals(message, ((Exception) results.get(r)).getMessage(), what + ": the same message on rank " + r);
        }
        for (int r : lost) {
            assertTrue(message.contains("rank " + r + " ") || message.contains(" " + r + " (now on " + job.nodes().get(r) + ")"),
                    what + ": the message names lost rank " + r + ": " + message);
        }
        return message;
    }

    /** Every set of {@code size} of the items, in lexicographic order. */
    static List<Set<String>> combinations(List<String> items, int size) {
        List<Set<String>> out = new ArrayList<>();
        combine(items, size, 0, new ArrayList<>(), out);
        return out;
    }

    private static void combine(List<String> items, int size, int from, List<String> current, List<Set<String>> out) {
        if (current.size() == size) {
            out.add(new LinkedHashSet<>(current));
            return;
        }
        for (int i = from; i < items.size(); i++) {
            current.add(items.get(i));
            combine(items, size, i + 1, current, out);
            current.remove(current.size() - 1);
        }
    }
}
