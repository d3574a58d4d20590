package org.scr4j.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.conf.ConfigException;
import org.scr4j.conf.ConfigLoader;
import org.scr4j.group.net.JobGroups;
import org.scr4j.group.net.JobSecret;

/** What a rank's environment must say to join a job group, and the clear error when it says something wrong. */
class JobGroupEnvironmentTest {
    @TempDir
    Path dir;

    private static Group join(Map<String, String> env) {
        return JobGroups.fromEnvironment(new ConfigLoader(env, JobGroupEnvironmentTest.class.getClassLoader()).load(Map.of()), env);
    }

    private Map<String, String> rank(int rank, int size, int port, Path secret) {
        Map<String, String> env = new HashMap<>();
        env.put("SCR4J_RANK", Integer.toString(rank));
        env.put("SCR4J_SIZE", Integer.toString(size));
        env.put("SCR4J_NODE", "node" + rank);
        env.put("SCR4J_RENDEZVOUS", "127.0.0.1:" + port);
        env.put("SCR4J_SECRET_FILE", secret.toString());
        return env;
    }

    @Test
    void aProcessStartedWithoutRankOrSizeIsAJobOfOneRank() {
        try (Group solo = join(Map.of("SCR4J_NODE", "n7"))) {
            assertInstanceOf(SoloGroup.class, solo);
            assertEquals("n7", solo.node());
        }
        try (Group slurmSolo = join(Map.of("SLURM_PROCID", "0", "SLURM_NTASKS", "1", "SLURMD_NODENAME", "c12"))) {
            assertInstanceOf(SoloGroup.class, slurmSolo);
            assertEquals("c12", slurmSolo.node());
        }
    }

    @Test
    void manyRanksWithoutARendezvousIsAClearError() {
        ConfigException e = assertThrows(ConfigException.class, () -> join(Map.of("SLURM_PROCID", "1", "SLURM_NTASKS", "4")));
        assertTrue(e.getMessage().contains("SLURM_NTASKS=4 says this job step has 4 ranks, but SCR4J_RENDEZVOUS is not set")
                && e.getMessage().contains("Fix: start the job step with the scr4j launcher"), e.getMessage());
    }

    @Test
    void aSecretFileOthersCanReadIsRefusedWithTheFix() throws Exception {
        Path secret = JobSecret.create(dir.resolve("job.secret"));
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        ConfigException e = assertThrows(ConfigException.class, () -> join(rank(1, 2, 1, secret)));
        assertTrue(e.getMessage().contains("SCR4J_SECRET_FILE=" + secret) && e.getMessage().contains("mode rw-r--r--")
                && e.getMessage().contains("Fix: chmod 600 " + secret), e.getMessage());
    }

    @Test
    void aMissingSecretFileIsAClearError() {
        Path missing = dir.resolve("nothing-here");
        ConfigException e = assertThrows(ConfigException.class, () -> join(rank(1, 2, 1, missing)));
        assertTrue(e.getMessage().contains("the job secret file does not exist") && e.getMessage().contains("Fix:"), e.getMessage());
    }

    @Test
    void wrongRankAndSizeValuesAreClearErrors() {
        Path secret = dir.resolve("unused");
        assertTrue(assertThrows(ConfigException.class, () -> join(rank(4, 4, 1, secret))).getMessage()
                .contains("SCR4J_RANK=4 is not below SCR4J_SIZE=4"));
        Map<String, String> half = new HashMap<>(Map.of("SCR4J_RANK", "1"));
        assertTrue(assertThrows(ConfigException.class, () -> join(half)).getMessage()
                .contains("SCR4J_RANK is set but SCR4J_SIZE is not"));
        Map<String, String> badPort = rank(1, 2, 1, secret);
        badPort.put("SCR4J_RENDEZVOUS", "node0");
        assertTrue(assertThrows(ConfigException.class, () -> join(badPort)).getMessage().contains("is not host:port"));
    }

    @Test
    void createWritesThirtyTwoRandomBytesOnlyTheOwnerCanReadAndNeverOverwrites() throws Exception {
        Path secret = JobSecret.create(dir.resolve("job.secret"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
        assertEquals(JobSecret.BYTES, Files.size(secret));
        byte[] first = Files.readAllBytes(secret);
        assertThrows(FileAlreadyExistsException.class, () -> JobSecret.create(secret));
        assertArrayEquals(first, Files.readAllBytes(secret));
        JobSecret.read(secret);
        assertEquals(List.of("job.secret"), Files.list(dir).map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void twoProcessesClaimingOneRankFailTheWholeJobWithTheReason() throws Exception {
        Path secret = JobSecret.create(dir.resolve("job.secret"));
        int port = freePort();
        for (String error : joinAll(List.of(rank(0, 3, port, secret), rank(1, 3, port, secret), rank(1, 3, port, secret)))) {
            assertTrue(error.contains("two processes claim rank 1: one on node node1, another on node node1")
                    && error.contains("Fix: give every process its own SCR4J_RANK"), error);
        }
    }

    @Test
    void ranksStartedForJobsOfDifferentSizesFailWithTheReason() throws Exception {
        Path secret = JobSecret.create(dir.resolve("job.secret"));
        int port = freePort();
        for (String error : joinAll(List.of(rank(0, 2, port, secret), rank(1, 3, port, secret)))) {
            assertTrue(error.contains("rank 1 on node node1 was started for a job of 3 ranks, but rank 0 for 2")
                    && error.contains("Fix: start every rank with the same SCR4J_SIZE"), error);
        }
    }

    /** Joins every rank on a thread of its own, as ranks in separate processes would; returns each one's GroupException message. */
    private static List<String> joinAll(List<Map<String, String>> ranks) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(ranks.size());
        try {
            List<Future<Group>> joins = new ArrayList<>();
            for (Map<String, String> env : ranks) {
                joins.add(threads.submit(() -> join(env)));
            }
            List<String> errors = new ArrayList<>();
            for (Future<Group> join : joins) {
                Throwable e = assertThrows(ExecutionException.class, () -> join.get(30, TimeUnit.SECONDS)).getCause();
                assertInstanceOf(GroupException.class, e);
                errors.add(e.getMessage());
            }
            return errors;
        } finally {
            threads.shutdownNow();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }
}
