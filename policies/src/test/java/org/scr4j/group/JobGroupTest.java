package org.scr4j.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scr4j.group.net.JobSecret;
import org.scr4j.testing.RankProcesses;

/**
 * Ranks that are real JVM processes on 127.0.0.1 form a job group over Netty and behave as one
 * job; a dead, hung or rogue process is named, never waited for. Each rank runs {@link GroupProbe}.
 */
class JobGroupTest {
    private static final List<String> FOUR_NODES = List.of("node0", "node1", "node2", "node3");
    /** Generous: JVMs start slowly on a loaded two-core machine. Only a hang should ever reach it. */
    private static final Duration RUN = Duration.ofSeconds(60);
    private static final int GROUP_EXCEPTION = 3;
    /** Four JVMs start on two cores: the serial collector and the client compiler start them faster. */
    private static final String[] QUICK_JVM = {"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"};

    @Test
    void fourRanksOnFourNodesGetTheSameRightAnswersFromEveryCollective() throws Exception {
        try (RankProcesses ranks = start(RankProcesses.of(GroupProbe.class, FOUR_NODES).args("collectives"))) {
            assertEquals(List.of(0, 0, 0, 0), ranks.waitForAll(RUN), () -> outputs(ranks));
            for (int rank = 0; rank < 4; rank++) {
                int r = rank;
                List<String> lines = ranks.lines(r);
                String joined = "joined rank " + r + " of 4 on node node" + r;
                assertTrue(lines.stream().anyMatch(l -> l.startsWith(joined)), ranks.output(r));
                for (String expected : List.of("allGather r0@node0,r1@node1,r2@node2,r3@node3", "broadcast from rank 0", "min 79",
                        "max 30", "sum 10", "allTrue true false", "anyTrue true false", "rounds ok", "closed")) {
                    assertTrue(lines.contains(expected), () -> "rank " + r + " lacks '" + expected + "':\n" + ranks.output(r));
                }
            }
        }
    }

    @Test
    void everyRankSends64MiBToEveryOtherAtOnceBySendAndBySendFileAndEveryByteArrives() throws Exception {
        try (RankProcesses ranks = start(RankProcesses.of(GroupProbe.class, FOUR_NODES).args("p2p", "64"))) {
            assertEquals(List.of(0, 0, 0, 0), ranks.waitForAll(RUN), () -> outputs(ranks));
            for (int r = 0; r < 4; r++) {
                assertTrue(ranks.lines(r).contains("p2p ok: 6 streams of 64 MiB"), ranks.output(r));
            }
        }
    }

    @Test
    void anExchangeFullOfUnreadDataDoesNotHoldBackAnotherOpenAtTheSameTime() throws Exception {
        try (RankProcesses ranks = start(RankProcesses.of(GroupProbe.class, List.of("node0", "node1")).args("two-exchanges"))) {
            assertEquals(List.of(0, 0), ranks.waitForAll(RUN), () -> outputs(ranks));
            assertTrue(ranks.lines(1).contains("two-exchanges ok"), ranks.output(1));
        }
    }

    @Test
    void aSlowReceiverHoldsBackItsSenderWithoutGrowingTheSendersMemory() throws Exception {
        try (RankProcesses ranks = start(RankProcesses.of(GroupProbe.class, List.of("node0", "node1"))
                .args("backpressure", "512", "10").jvmOptions(0, "-Xmx64m"))) {
            assertEquals(List.of(0, 0), ranks.waitForAll(RUN), () -> outputs(ranks));
            for (int r = 0; r < 2; r++) {
                assertTrue(ranks.lines(r).contains("backpressure ok"), ranks.output(r));
                Matcher peak = Pattern.compile("peak heapMiB=(\\d+) directMiB=(\\d+)")
                        .matcher(ranks.waitForLine(r, l -> l.startsWith("peak "), RUN));
                assertTrue(peak.matches(), ranks.output(r));
                // 512 MiB went through; only about the high water mark (16 MiB) and a few 4 MiB messages may wait at either end.
                assertTrue(Long.parseLong(peak.group(2)) <= 48, "rank " + r + " held too much direct memory:\n" + ranks.output(r));
                if (r == 0) {
                    // Bounded by -Xmx64m anyway; this says the sender stays well below it.
                    assertTrue(Long.parseLong(peak.group(1)) <= 48, "the sender held too much heap:\n" + ranks.output(r));
                }
            }
        }
    }

    @Test
    void killingARankWakesEveryRankWaitingOnItWithAnErrorNamingItAndItsNode() throws Exception {
        // A timeout far above the wait below: the ranks must notice the death itself, not a missing heartbeat.
        try (RankProcesses ranks = start(RankProcesses.of(GroupProbe.class, FOUR_NODES).args("wait", "2")
                .env("SCR_GROUP_TIMEOUT", "120"))) {
            awaitWaiting(ranks, 2);
            ranks.kill(2);
            for (int r : List.of(0, 1, 3)) {
                assertEquals(GROUP_EXCEPTION, ranks.waitFor(r, Duration.ofSeconds(15)), ranks.output(r));
                String error = ranks.waitForLine(r, l -> l.startsWith("GroupException: "), Duration.ZERO);
                assertTrue(error.contains("rank 2 on node node2"), error);
                assertTrue(error.contains("rank " + r + " of 4 on node node" + r), error);
            }
        }
    }

    @Test
    void killingRankZeroTheHubWakesEveryOtherRankWithAnErrorNamingIt() throws Exception {
        try (RankProcesses ranks = start(RankProcesses.of(GroupProbe.class, FOUR_NODES).args("wait", "0")
                .env("SCR_GROUP_TIMEOUT", "120"))) {
            awaitWaiting(ranks, 0);
            ranks.kill(0);
            for (int r : List.of(1, 2, 3)) {
                assertEquals(GROUP_EXCEPTION, ranks.waitFor(r, Duration.ofSeconds(15)), ranks.output(r));
                String error = ranks.waitForLine(r, l -> l.startsWith("GroupException: "), Duration.ZERO);
                assertTrue(error.contains("rank 0 on node node0"), error);
            }
        }
    }

    @Test
    void aStoppedRankIsDeclaredDeadAfterTheGroupTimeoutAndNamed() throws Exception {
        try (RankProcesses ranks = start(RankProcesses.of(GroupProbe.class, FOUR_NODES).args("wait", "1")
                .env("SCR_GROUP_TIMEOUT", "2"))) {
            awaitWaiting(ranks, 1);
            ranks.stop(1);
            for (int r : List.of(0, 2, 3)) {
                assertEquals(GROUP_EXCEPTION, ranks.waitFor(r, Duration.ofSeconds(20)), ranks.output(r));
                String error = ranks.waitForLine(r, l -> l.startsWith("GroupException: "), Duration.ZERO);
                assertTrue(error.contains("rank 1 on node node1 sent no heartbeat for 2 s"), error);
            }
            ranks.kill(1);
        }
    }

    @ParameterizedTest(name = "rank {0} leaves")
    @ValueSource(ints = {0, 2})
    void aRankThatClosesTheGroupEarlyFailsTheOthersNextCollectiveAtOnce(int leaver) throws Exception {
        try (RankProcesses ranks = start(RankProcesses.of(GroupProbe.class, List.of("node0", "node1", "node2"))
                .args("leave", Integer.toString(leaver)).env("SCR_GROUP_TIMEOUT", "120"))) {
            assertEquals(0, ranks.waitFor(leaver, RUN), ranks.output(leaver));
            for (int r = 0; r < 3; r++) {
                if (r != leaver) {
                    assertEquals(GROUP_EXCEPTION, ranks.waitFor(r, RUN), ranks.output(r));
                    String error = ranks.waitForLine(r, l -> l.startsWith("GroupException: "), Duration.ZERO);
                    assertTrue(error.contains("rank " + leaver + " on node node" + leaver + " has left the job group"), error);
                }
            }
        }
    }

    @Test
    void abandoningAnExchangeFailsEveryRanksSendAndReceiveInItButNotTheGroup() throws Exception {
        try (RankProcesses ranks = start(RankProcesses.of(GroupProbe.class, List.of("node0", "node1", "node2")).args("abandon"))) {
            assertEquals(List.of(0, 0, 0), ranks.waitForAll(RUN), () -> outputs(ranks));
            String why = "rank 0 abandoned exchange 1: disk full";
            assertTrue(ranks.waitForLine(0, l -> l.startsWith("own receive: "), Duration.ZERO).contains(why), ranks.output(0));
            assertTrue(ranks.waitForLine(1, l -> l.startsWith("receive: "), Duration.ZERO).contains(why), ranks.output(1));
            assertTrue(ranks.waitForLine(2, l -> l.startsWith("send: "), Duration.ZERO).contains(why), ranks.output(2));
            assertTrue(ranks.lines(0).contains("next exchange: after the abandoned exchange"), ranks.output(0));
            assertTrue(ranks.lines(1).contains("next exchange: after the abandoned exchange"), ranks.output(1));
        }
    }

    @Test
    void strangersWithoutTheSecretAreRefusedAndLoggedAndCannotFeedTheJobData() throws Exception {
        Path go = scratch.resolve("go");
        try (RankProcesses ranks = start(RankProcesses.of(GroupProbe.class, List.of("node0", "node1")).args("rogue")
                .env("PROBE_GO", go.toString()))) {
            InetSocketAddress rendezvous = address(ranks.rendezvous());
            InetSocketAddress data = address(ranks.waitForLine(1, l -> l.startsWith("data "), RUN).substring(5));
            ranks.waitForLine(0, l -> l.startsWith("data "), RUN);
            try (Rogue rogue = new Rogue(rendezvous)) {
                rogue.raw("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals(Rogue.REFUSED, rogue.readUntilClosed());
            }
            try (Rogue rogue = new Rogue(rendezvous)) {
                rogue.frame(Rogue.JOIN, 1, new byte[16]);
                assertEquals(Rogue.REFUSED, rogue.readUntilClosed());
            }
            try (Rogue rogue = new Rogue(rendezvous)) {
                rogue.handshakeWithWrongSecret(Rogue.CONTROL_PURPOSE);
                assertEquals(Rogue.REFUSED, rogue.readUntilClosed());
            }
            try (Rogue rogue = new Rogue(data)) {
                rogue.handshakeWithWrongSecret(Rogue.DATA_PURPOSE);
                rogue.trySendingData(0);
                assertEquals(Rogue.REFUSED, rogue.readUntilClosed());
            }
            try (Rogue rogue = new Rogue(data)) {
                rogue.trySendingData(0);
                assertEquals(Rogue.REFUSED, rogue.readUntilClosed());
            }
            Files.createFile(go);
            // The job's own collectives and its 8 MiB exchange (checked by CRC32C) come out right.
            assertEquals(List.of(0, 0), ranks.waitForAll(RUN), () -> outputs(ranks));
            assertTrue(ranks.lines(0).contains("rogue ok") && ranks.lines(1).contains("rogue ok"), () -> outputs(ranks));
            assertLogged(ranks, 0, "refused a control connection from 127.0.0.1:", "it sent a frame of unknown type 47");
            assertLogged(ranks, 0, "refused a control connection from 127.0.0.1:", "it sent a JOIN frame before the handshake was done");
            assertLogged(ranks, 0, "refused a control connection from 127.0.0.1:", "its proof does not match the job secret");
            assertLogged(ranks, 1, "refused a data connection from 127.0.0.1:", "its proof does not match the job secret");
            assertLogged(ranks, 1, "refused a data connection from 127.0.0.1:", "it sent a DATA_HELLO frame before the handshake was done");
        }
    }

    @Test
    void aRankWithAnotherJobsSecretCannotJoinAndSaysWhy() throws Exception {
        Path other = JobSecret.create(scratch.resolve("other.secret"));
        try (RankProcesses ranks = start(RankProcesses.of(GroupProbe.class, List.of("node0", "node1")).args("collectives")
                .env(1, "SCR4J_SECRET_FILE", other.toString()))) {
            assertEquals(GROUP_EXCEPTION, ranks.waitFor(1, RUN), ranks.output(1));
            String error = ranks.waitForLine(1, l -> l.startsWith("GroupException: "), Duration.ZERO);
            assertTrue(error.contains("rank 1 of 2 on node node1 cannot join the job group") && error.contains(
                    "did not prove it holds the job secret") && error.contains("Fix: give every rank of the job the same"
                    + " SCR4J_SECRET_FILE"), error);
            ranks.waitForLine(0, l -> l.contains("WARN") && l.contains("refused a control connection from 127.0.0.1:")
                    && l.contains("it closed the connection before proving it holds the job secret"), RUN);
            // Rank 0 would wait out the join timeout for a rank 1 that holds the secret; closing the test ends it.
        }
    }

    private static void assertLogged(RankProcesses ranks, int rank, String what, String why) {
        assertTrue(ranks.lines(rank).stream().anyMatch(l -> l.contains("WARN") && l.contains(what) && l.contains(why)),
                () -> "rank " + rank + " did not log a WARN '" + what + "...: " + why + "':\n" + ranks.output(rank));
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1).strip()));
    }

    /** Where ranks keep their test files; JUnit deletes it even when a rank dies before cleaning up. */
    @TempDir
    Path scratch;
    /** The ranks of the running test, whose output goes to the test's report afterwards. */
    private RankProcesses running;

    private RankProcesses start(RankProcesses.Launch launch) throws IOException {
        running = launch.env("PROBE_DIR", scratch.toString()).jvmOptions(QUICK_JVM).start();
        return running;
    }

    @AfterEach
    void report() {
        if (running != null) {
            System.out.println(outputs(running));
        }
    }

    /** Every rank of a "wait" run has reached its wait on rank {@code victim}. */
    private static void awaitWaiting(RankProcesses ranks, int victim) throws InterruptedException {
        for (int r = 0; r < ranks.size(); r++) {
            ranks.waitForLine(r, l -> l.startsWith("waiting in ") || l.equals("victim waiting"), RUN);
        }
        // The sender needs a moment to fill the buffers and block; receivers and the collective block at once.
        Thread.sleep(500);
    }

    private static String outputs(RankProcesses ranks) {
        List<String> all = new ArrayList<>();
        for (int r = 0; r < ranks.size(); r++) {
            all.add("--- rank " + r + " ---\n" + ranks.output(r));
        }
        return String.join("\n", all);
    }
}
