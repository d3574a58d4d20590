package org.scr4j.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scr4j.dataset.Manifest;
import org.scr4j.erasure.CoderChoice;
import org.scr4j.reliability.Tally;

/**
 * The loss matrix of the reliability suite (issue #8): for every scheme and every set size from 2
 * to 8, one rank per node and as many nodes as members, every combination of lost nodes up to one
 * more than the scheme tolerates is lost from a freshly protected dataset. What the scheme promises
 * to survive is rebuilt bit for bit (CRC32C and bytes) with the original manifests; anything else
 * fails on every rank with the same {@link NotRecoverableException}, which names the dataset and
 * every lost rank with its node, and leaves the surviving parts as they were.
 *
 * <p>Each outcome is judged against two statements of the promise made independently: the
 * scheme's promise over the sets the planner forms ({@link LossDrill}), case by case, and the
 * number of survivable combinations in closed form, per matrix cell. The tally counts what
 * actually happened.
 */
class LossMatrixTest {
    private static final Tally TALLY = new Tally("loss-matrix");
    /** RS's parity count as scr.set.failures sets it by default. */
    private static final int RS_PARITY = 2;

    /** A scheme as the matrix drives it. */
    enum Subject {
        SINGLE(SingleScheme::new, (options, lost) -> lost.isEmpty(), nodes -> 0),
        PARTNER(PartnerScheme::new, LossDrill.partner(), nodes -> 1),
        XOR(() -> new XorScheme(CoderChoice.AUTO, XorSchemeTest.PIECE), LossDrill.perSet(1), nodes -> 1),
        // A set of two keeps one parity unit (RsScheme.parity), so it tolerates one loss.
        RS(() -> new RsScheme(CoderChoice.AUTO, XorSchemeTest.PIECE), LossDrill.perSet(RS_PARITY),
                nodes -> Math.min(RS_PARITY, nodes - 1));

        final Supplier<RedundancyScheme> scheme;
        final LossDrill.Promise promise;
        /** How many lost nodes a set of this many members, one per node, survives whichever they are. */
        final IntUnaryOperator tolerance;

        Subject(Supplier<RedundancyScheme> scheme, LossDrill.Promise promise, IntUnaryOperator tolerance) {
            this.scheme = scheme;
            this.promise = promise;
            this.tolerance = tolerance;
        }
    }

    /** What one cell of the matrix came to. */
    private static final class Cell {
        int trials;
        int survived;
        int refused;
        final List<String> problems = new ArrayList<>();
    }

    static Stream<Arguments> matrix() {
        return Stream.of(Subject.values()).flatMap(s -> IntStream.rangeClosed(2, 8).mapToObj(n -> Arguments.of(s, n)));
    }

    @ParameterizedTest(name = "{0}, set of {1} on {1} nodes")
    @MethodSource("matrix")
    void everyLossWithinTheToleranceIsRebuiltBitForBitAndOneMoreIsRefusedNamingWhatWasLost(Subject subject, int nodes)
            throws Exception {
        int tolerance = subject.tolerance.applyAsInt(nodes);
        Cell cell = run(subject, SchemeJob.spread(nodes, nodes), nodes, tolerance + 1);

        assertTrue(cell.problems.isEmpty(), subject + " on " + nodes + " nodes:\n" + String.join("\n", cell.problems));
        int beyond = binomial(nodes, tolerance + 1);
        assertEquals(IntStream.rangeClosed(0, tolerance + 1).map(k -> binomial(nodes, k)).sum(), cell.trials,
                "every combination of up to " + (tolerance + 1) + " of " + nodes + " nodes");
        // Of one more loss than the tolerance, PARTNER survives the pairs that are not neighbours in its ring.
        int refused = subject == Subject.PARTNER ? ringNeighbours(nodes) : beyond;
        assertEquals(refused, cell.refused, "losses of " + (tolerance + 1) + " node(s) refused");
        assertEquals(cell.trials - refused, cell.survived, "losses rebuilt");
    }

    static Stream<Arguments> twoPerNode() {
        return Stream.of(Arguments.of(Subject.XOR, 4), Arguments.of(Subject.RS, 4), Arguments.of(Subject.XOR, 8),
                Arguments.of(Subject.RS, 8));
    }

    /** Two ranks per node form two sets, each with one member on every node: a lost node takes a member of each. */
    @ParameterizedTest(name = "{0}, two sets of {1} on {1} nodes")
    @MethodSource("twoPerNode")
    void withTwoRanksPerNodeALostNodeCostsEachSetOneMember(Subject subject, int nodes) throws Exception {
        int tolerance = subject.tolerance.applyAsInt(nodes);
        Cell cell = run(subject, SchemeJob.spread(2 * nodes, nodes), nodes, tolerance + 1);

        assertTrue(cell.problems.isEmpty(), subject + " on " + nodes + " nodes:\n" + String.join("\n", cell.problems));
        assertEquals(binomial(nodes, tolerance + 1), cell.refused, "losses of " + (tolerance + 1) + " node(s) refused");
        assertEquals(IntStream.rangeClosed(0, tolerance).map(k -> binomial(nodes, k)).sum(), cell.survived, "losses rebuilt");
    }

    @AfterAll
    static void tally() {
        TALLY.write();
        assertEquals(0, TALLY.silentCorruptions(), "rebuilds that claimed success with data other than what was written");
    }

    /** Loses every combination of up to {@code maxLost} of the job's nodes, each from a freshly protected dataset. */
    private static Cell run(Subject subject, List<String> rankNodes, int setSize, int maxLost) throws Exception {
        Cell cell = new Cell();
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(rankNodes));
        for (int k = 0; k <= maxLost; k++) {
            for (Set<String> lostNodes : LossDrill.combinations(distinct, k)) {
                TALLY.trial();
                if (k > 0) {
                    TALLY.fault("lost-nodes-" + k);
                }
                cell.trials++;
                trial(subject, rankNodes, setSize, lostNodes, cell);
            }
        }
        return cell;
    }

    /** Protects a dataset, loses the nodes, recovers, and counts how it ended against what the scheme promises. */
    private static void trial(Subject subject, List<String> rankNodes, int setSize, Set<String> lostNodes, Cell cell)
            throws Exception {
        try (SchemeJob job = new SchemeJob(subject.scheme.get(), rankNodes).setSize(setSize).failures(RS_PARITY)) {
            job.write().apply();
            SchemeOptions protectedWith = job.options();
            // The node comes back empty under its own name (repaired or replaced): its ranks run there again.
            Set<Integer> lost = job.lose(lostNodes, Map.of());
            String what = subject + " on " + job.nodes().stream().distinct().count() + " nodes (" + job.ranks() + " ranks)"
                    + " losing " + lostNodes + " (ranks " + lost + ")";
            boolean promised = subject.promise.survives(protectedWith, lost);
            List<Object> results = job.recover(lost);

            List<String> handedWrong = handedWrong(job, results);
            if (!handedWrong.isEmpty()) {
                TALLY.silentCorruption();
                cell.problems.add(what + ": SILENT CORRUPTION " + handedWrong);
                return;
            }
            if (results.stream().allMatch(Manifest.class::isInstance)) {
                if (promised) {
                    TALLY.recovered();
                    cell.survived++;
                } else {
                    cell.problems.add(what + ": rebuilt, though the scheme does not promise to survive it");
                }
                return;
            }
            String refusal = refusal(job, lost, results);
            if (refusal != null) {
                cell.problems.add(what + ": " + refusal);
            } else if (promised) {
                cell.problems.add(what + ": refused, though the scheme promises to survive it: " + message(results));
            } else {
                TALLY.refused();
                cell.refused++;
            }
        }
    }

    /** What the ranks that returned a manifest were handed other than what they wrote; empty when nothing. */
    private static List<String> handedWrong(SchemeJob job, List<Object> results) throws Exception {
        List<String> wrong = new ArrayList<>();
        for (int r = 0; r < job.ranks(); r++) {
            if (results.get(r) instanceof Manifest m) {
                if (!m.equals(job.original(r))) {
                    wrong.add("rank " + r + "'s manifest " + m + " is not the one written, " + job.original(r));
                }
                wrong.addAll(job.differences(r));
            }
        }
        return wrong;
    }

    /**
     * Why the ranks' failure is not a clean refusal (every rank the same NotRecoverableException,
     * naming the dataset and every lost rank with its node, the surviving parts untouched), or null.
     */
    private static String refusal(SchemeJob job, Set<Integer> lost, List<Object> results) throws Exception {
        if (!results.stream().allMatch(NotRecoverableException.class::isInstance)) {
            return "not the same NotRecoverableException on every rank: " + results;
        }
        String message = message(results);
        if (results.stream().map(e -> ((Exception) e).getMessage()).distinct().count() != 1) {
            return "the ranks' messages differ: " + results;
        }
        List<String> missing = new ArrayList<>();
        if (!message.contains(job.dataset.label())) {
            missing.add(job.dataset.label());
        }
        for (int r : lost) {
            if (!message.contains(r + " (now on " + job.nodes().get(r) + ")")) {
                missing.add("rank " + r + " on " + job.nodes().get(r));
            }
        }
        if (!missing.isEmpty()) {
            return "the refusal does not name " + missing + ": " + message;
        }
        List<String> touched = new ArrayList<>();
        for (int r = 0; r < job.ranks(); r++) {
            if (!lost.contains(r)) {
                touched.addAll(job.differences(r));
            }
        }
        return touched.isEmpty() ? null : "the refusal changed surviving parts: " + touched;
    }

    private static String message(List<Object> results) {
        return results.get(0) instanceof Exception e ? e.getMessage() : String.valueOf(results.get(0));
    }

    /** Pairs of members next to each other in a ring of n: one pair for two, n otherwise. */
    private static int ringNeighbours(int n) {
        return n == 2 ? 1 : n;
    }

    private static int binomial(int n, int k) {
        int c = 1;
        for (int i = 0; i < k; i++) {
            c = c * (n - i) / (i + 1);
        }
        return c;
    }
}
