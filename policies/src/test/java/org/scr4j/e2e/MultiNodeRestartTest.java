package org.scr4j.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scr4j.fault.CrashPoints;
import org.scr4j.testing.RankProcesses;

/**
 * Whole jobs of real processes, one JVM per rank, on simulated nodes: checkpoints protected across
 * nodes survive the loss of every combination of nodes their scheme tolerates, bit for bit; one
 * more loss falls back cleanly; a rank killed while it encodes leaves the previous checkpoint safe.
 */
class MultiNodeRestartTest {
    private static final List<String> FOUR = List.of("node0", "node1", "node2", "node3");
    /** Bigger than one 4 MiB message, so every transfer streams several pieces. */
    private static final long BYTES = 5 << 20;

    @TempDir
    Path dir;

    static Stream<Arguments> schemes() {
        return Stream.of(
                Arguments.of("PARTNER", List.of(Set.of(0), Set.of(1), Set.of(2), Set.of(3), Set.of(0, 2), Set.of(1, 3)), Set.of(2, 3)),
                Arguments.of("XOR", List.of(Set.of(0), Set.of(1), Set.of(2), Set.of(3)), Set.of(0, 3)),
                Arguments.of("RS", List.of(Set.of(0), Set.of(1), Set.of(2), Set.of(3), Set.of(0, 1), Set.of(0, 2), Set.of(0, 3),
                        Set.of(1, 2), Set.of(1, 3), Set.of(2, 3)), Set.of(0, 1, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemes")
    void everyLossTheSchemeToleratesIsRebuiltBitForBitAndOneMoreFallsBackCleanly(String scheme, List<Set<Integer>> tolerated,
            Set<Integer> beyond) throws Exception {
        try (MultiNodeJob job = new MultiNodeJob(dir, FOUR, BYTES, "CKPT=0 INTERVAL=1 STORE=ram TYPE=" + scheme
                + " SET_SIZE=4 SET_FAILURES=2", "SCR_FLUSH=0")) {
            job.run("write", "1", "2");
            // Each restart rebuilds and protects the dataset again, so the next loss starts from a whole dataset.
            for (Set<Integer> lost : tolerated) {
                job.wipe(names(lost));
                List<String> out = job.run("restart");
                MultiNodeJob.assertRestartedFrom("ckpt.2", out);
                assertTrue(out.get(0).contains("rebuilt the part(s) of rank(s) " + List.copyOf(new java.util.TreeSet<>(lost))),
                        scheme + " after losing " + lost + ":\n" + out.get(0));
            }
            job.wipe(names(beyond));
            List<String> out = job.run("restart");
            for (int r = 0; r < FOUR.size(); r++) {
                assertTrue(out.get(r).contains("NO-RESTART"), scheme + " cannot survive losing " + beyond + ", rank " + r
                        + " must not restart:\n" + out.get(r));
            }
            assertTrue(out.get(0).contains("cannot rebuild ckpt.2"), out.get(0));
        }
    }

    @Test
    void eightRanksTwoPerNodeSurviveTwoLostNodesWithRs() throws Exception {
        List<String> nodes = List.of("node0", "node0", "node1", "node1", "node2", "node2", "node3", "node3");
        try (MultiNodeJob job = new MultiNodeJob(dir, nodes, 1 << 20, "CKPT=0 INTERVAL=1 STORE=ram TYPE=RS SET_SIZE=4"
                + " SET_FAILURES=2", "SCR_FLUSH=0")) {
            job.run("write", "1", "1");
            job.wipe(List.of("node1", "node3"));
            List<String> out = job.run("restart");
            MultiNodeJob.assertRestartedFrom("ckpt.1", out);
            assertTrue(out.get(0).contains("rebuilt the part(s) of rank(s) [2, 3, 6, 7]"), out.get(0));
        }
    }

    @Test
    void levelsFallBackToAnOlderLevelThenToThePrefix() throws Exception {
        String xorEvery = "CKPT=0 INTERVAL=1 STORE=ram TYPE=XOR SET_SIZE=4";
        String rsEverySecond = "CKPT=1 INTERVAL=2 STORE=ssd TYPE=RS SET_SIZE=4 SET_FAILURES=2";
        try (MultiNodeJob job = new MultiNodeJob(dir, FOUR, BYTES, xorEvery, rsEverySecond, "SCR_FLUSH=0")) {
            job.run("write", "1", "3");
            // Two lost nodes: XOR's ckpt.3 and ckpt.1 cannot be rebuilt, RS's ckpt.2 on the SSD can.
            job.wipe(List.of("node1", "node2"));
            List<String> out = job.run("restart");
            MultiNodeJob.assertRestartedFrom("ckpt.2", out);
            assertTrue(out.get(0).contains("cannot rebuild ckpt.3"), out.get(0));
            assertTrue(out.get(0).contains("cannot rebuild ckpt.1"), out.get(0));
            assertTrue(out.get(0).contains("rebuilt the part(s) of rank(s) [1, 2] of ckpt.2"), out.get(0));

            // ckpt.4 is flushed; then three lost nodes leave nothing in the cache, and it comes back from the prefix.
            job.configure(xorEvery, rsEverySecond, "SCR_FLUSH=1");
            job.run("write", "4", "4");
            job.wipe(List.of("node0", "node1", "node3"));
            out = job.run("restart");
            MultiNodeJob.assertRestartedFrom("ckpt.4", out);
            assertTrue(out.get(0).contains("fetched checkpoint ckpt.4"), out.get(0));
        }
    }

    static Stream<Arguments> killed() {
        return Stream.of(Arguments.of("XOR", CrashPoints.ENCODE_SENT), Arguments.of("RS", CrashPoints.ENCODE_SENT),
                Arguments.of("PARTNER", CrashPoints.ENCODE_SENT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("killed")
    void aRankKilledWhileItSendsFailsTheOthersFastAndThePreviousCheckpointRestarts(String scheme, String point) throws Exception {
        try (MultiNodeJob job = new MultiNodeJob(dir, FOUR, BYTES, "CKPT=0 INTERVAL=1 STORE=ram TYPE=" + scheme
                + " SET_SIZE=4 SET_FAILURES=2", "SCR_FLUSH=0")) {
            job.run("write", "1", "1");
            try (RankProcesses ranks = job.launch("write", "2", "2").jvmOptions(2, "-D" + CrashPoints.PROPERTY + "=" + point + ":2")
                    .start()) {
                assertEquals(CrashPoints.STATUS, ranks.waitFor(2, MultiNodeJob.STEP), ranks.output(2));
                for (int r : List.of(0, 1, 3)) {
                    // A dead peer is an error within seconds, never a hang: 30 s is generous for a loaded 2-core machine.
                    int code = ranks.waitFor(r, Duration.ofSeconds(30));
                    assertNotEquals(0, code, "rank " + r + " must fail when rank 2 dies:\n" + ranks.output(r));
                    assertTrue(ranks.output(r).contains("rank 2"), "rank " + r + " must name the dead rank:\n" + ranks.output(r));
                }
            }
            MultiNodeJob.assertRestartedFrom("ckpt.1", job.run("restart"));
        }
    }

    private static List<String> names(Set<Integer> lost) {
        List<String> names = new ArrayList<>();
        new java.util.TreeSet<>(lost).forEach(n -> names.add(FOUR.get(n)));
        return names;
    }
}
