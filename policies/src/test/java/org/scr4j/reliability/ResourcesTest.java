package org.scr4j.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.control.ControlDirectory;
import org.scr4j.control.Index;
import org.scr4j.hdfs.MiniHdfs;
import org.scr4j.testing.RankProcesses;

/**
 * The resources suite: a cache tier that fills up during a checkpoint or before it, and a cache
 * directory that turns read-only, with real rank processes on two simulated nodes whose RAM disks
 * are real tmpfs mounts (root only; unmounted whatever happens). What it holds the engine to: a
 * clear error naming the tier, the directory and the fix; the failed dataset never committed; the
 * checkpoint on the slower tier where scr.tiers lists one; the previous checkpoint intact and
 * restartable bit for bit. And the prefix on HDFS (a real MiniDFSCluster, one for the class) with
 * its name node stopped during a synchronous or a background flush: a clear error naming the
 * prefix, an index that does not call the dataset flushed, a job that goes on from its cache, and
 * the next run flushing it once HDFS is back.
 */
class ResourcesTest {
    static final Tally TALLY = new Tally("resources");
    private static final Duration WAIT = Duration.ofSeconds(120);
    /** About the size of each rank's state in a checkpoint; the RAM disks hold 2 MiB. */
    private static final long STATE = 256 << 10;
    private static final String RAM = "2m";
    /** Checkpoints flushed to HDFS are small; the one whose flush the name node's stop cuts off spans several blocks. */
    private static final long FLUSHED = 256 << 10;
    private static final long CUT = 6L << 20;
    /** Started by the first test that needs it, shut down after the last. */
    private static MiniHdfs hdfs;

    @TempDir
    Path dir;

    @AfterAll
    static void report() throws IOException {
        try {
            if (hdfs != null) {
                hdfs.close();
            }
        } finally {
            TALLY.write();
        }
        assertEquals(0, TALLY.silentCorruptions(), "a restart handed the application bytes that differ from what it wrote");
    }

    private ResourceJob job(boolean ssd) throws IOException {
        Optional<ResourceJob> job = ResourceJob.start(dir, RAM, ssd, Map.of());
        assumeTrue(job.isPresent(), "a full or read-only RAM disk needs a real tmpfs, which only root can mount");
        return job.get();
    }

    // ---------------------------------------------------------------- a tier that fills up

    @Test
    void aRamDiskFilledDuringACheckpointRefusesItAndTheNextOneClearlyAndThePreviousRestartsBitForBit() throws Exception {
        try (ResourceJob job = job(false)) {
            TALLY.trial();
            List<String> out;
            try (RankProcesses ranks = job.launch("write", "1", "" + STATE, "pause", "2", "" + STATE, "write", "3", "" + STATE).start()) {
                // Another job's data fills node1's RAM disk while rank 1 is between its state file and the next.
                ranks.waitForLine(1, "PAUSED ckpt.2"::equals, WAIT);
                job.fill("node1");
                TALLY.fault("tier-full-mid-write");
                job.signal("go.2");
                out = ResourceJob.finish(ranks);
            }
            String rank0 = out.get(0);
            String node1 = job.tierBase("ram", "node1").toString();
            // The application's own write says which file; complete(false) leaves the dataset uncommitted everywhere.
            assertTrue(out.get(1).contains("WRITE-FAILED ckpt.2: " + node1 + "/dataset.2.rank.1/files/rank.1/small.bin: No space left on device"),
                    out.get(1));
            assertLines(out, "CHECKPOINT ckpt.1 committed", "CHECKPOINT ckpt.2 discarded", "CHECKPOINT ckpt.3 discarded");
            String refusal = line(rank0, "ckpt.2 (id 2) was not committed: ");
            assertTrue(refusal.contains(" ERROR ") && refusal.contains("rank 1: tier 'ram' at file://" + node1 + "/ is full (0 bytes free")
                    && refusal.contains("after writing ckpt.2 (id 2) into dataset.2.rank.1 there. Fix: give the tier more room")
                    && refusal.endsWith("the newest checkpoint, ckpt.1 (id 1), is intact"), refusal);
            TALLY.refused();

            // ckpt.3: the tier has not gained room since, and no other tier is configured: said before the write fails.
            TALLY.fault("tier-full-before");
            String before = line(rank0, "no cache tier can take ckpt.3 (id 3): ");
            assertTrue(before.contains("rank 1: tier 'ram' ran out of room while ckpt.2 (id 2) was written there and has gained"
                    + " none since") && before.endsWith("trying tier 'ram' anyway"), before);
            assertTrue(line(rank0, "ckpt.3 (id 3) was not committed: ").contains("rank 1: tier 'ram' at file://" + node1 + "/ is full"),
                    rank0);
            TALLY.refused();
            assertEquals(Set.of(), job.placement(2), "nothing of the refused ckpt.2 is left in any cache");
            assertEquals(Set.of(), job.placement(3), "nothing of the refused ckpt.3 is left in any cache");

            // The RAM disk is still full: the next run restarts from ckpt.1, read from it bit for bit.
            assertRestarted(job.run("restart"), 1, STATE);
        }
    }

    @Test
    void aCheckpointWhosePartnerCopyOverflowsTheRamDiskIsRefusedAndItsRetryGoesToTheSlowerTier() throws Exception {
        long big = 1 << 20;
        try (ResourceJob job = job(true)) {
            TALLY.trial();
            // ckpt.2's own files fit on each RAM disk, the partner's copy beside them does not.
            List<String> out = job.run("write", "1", "" + STATE, "write", "2", "" + big, "write", "2", "" + big);
            TALLY.fault("tier-full-mid-write");
            assertLines(out, "CHECKPOINT ckpt.1 committed", "CHECKPOINT ckpt.2 discarded", "CHECKPOINT ckpt.2 committed");
            String rank0 = out.get(0);
            String refusal = line(rank0, "ckpt.2 (id 2) was not committed: ");
            // Both nodes overflow; which one gives up first (and stops the other's transfer) is a race.
            int named = 0;
            for (int r = 0; r < 2; r++) {
                String base = job.tierBase("ram", "node" + r).toString();
                if (refusal.contains("cannot write " + base + "/dataset.2.rank." + r + "/")) {
                    assertTrue(refusal.contains("rank " + r + ": tier 'ram' at file://" + base + "/ is full (0 bytes free"), refusal);
                    named++;
                }
            }
            assertTrue(named > 0 && refusal.contains(": No space left on device") && refusal.contains("Fix: ")
                    && refusal.endsWith("the newest checkpoint, ckpt.1 (id 1), is intact"), refusal);
            TALLY.refused();

            // The same checkpoint again: not the same wall twice, the slower tier takes it, and says why.
            String moved = line(rank0, "ckpt.2 (id 3) goes to tier 'ssd' instead of 'ram', which its level names: ");
            assertTrue(moved.contains(" WARN ") && moved.contains("tier 'ram' ran out of room while ckpt.2 (id 2) was written there"), moved);
            assertEquals(Set.of(), job.placement(2));
            assertEquals(Set.of("node0:ssd", "node1:ssd"), job.placement(3));
            assertEquals(Set.of("node0:ram", "node1:ram"), job.placement(1), "ckpt.1 stays where it was");
            assertCachedIntact(job, "ram", 1, 1, STATE);
            TALLY.fallback();

            assertRestarted(job.run("restart"), 2, big);
        }
    }

    @Test
    void aRamDiskThatIsFullBeforeACheckpointStartsSendsItToTheSlowerTier() throws Exception {
        try (ResourceJob job = job(true)) {
            TALLY.trial();
            List<String> out;
            try (RankProcesses ranks = job.launch("write", "1", "" + STATE, "await", "full", "write", "2", "" + STATE).start()) {
                ranks.waitForLine(0, "AWAITING full"::equals, WAIT);
                job.fill("node1");
                TALLY.fault("tier-full-before");
                job.signal("full");
                out = ResourceJob.finish(ranks);
            }
            assertLines(out, "CHECKPOINT ckpt.1 committed", "CHECKPOINT ckpt.2 committed");
            String moved = line(out.get(0), "ckpt.2 (id 2) goes to tier 'ssd' instead of 'ram', which its level names: ");
            assertTrue(moved.contains("tier 'ram' is unhealthy: rank 1: tier 'ram' at " + job.tierBase("ram", "node1")
                    + ": its file system is full (0 bytes free). Fix: free space there, or use another tier"), moved);
            assertEquals(Set.of("node0:ssd", "node1:ssd"), job.placement(2));
            TALLY.fallback();
            assertRestarted(job.run("restart"), 2, STATE);
        }
    }

    // ---------------------------------------------------------------- a cache directory turned read-only

    @Test
    void aCacheTurnedReadOnlyDuringACheckpointRefusesItAndTheNextClearlyAndThePreviousStillRestartsBitForBit() throws Exception {
        try (ResourceJob job = job(false)) {
            TALLY.trial();
            List<String> out;
            try (RankProcesses ranks = job.launch("write", "1", "" + STATE, "pause", "2", "" + STATE, "write", "3", "" + STATE).start()) {
                ranks.waitForLine(1, "PAUSED ckpt.2"::equals, WAIT);
                // node1's RAM disk is remounted read-only (as the kernel does after an error); on node0, chattr +i
                // keeps even root from creating or deleting anything in the tier's directory (root ignores permission bits).
                job.remount("node1", "ro");
                TALLY.fault("cache-read-only");
                job.makeImmutable(job.tierBase("ram", "node0"));
                TALLY.fault("cache-read-only");
                job.signal("go.2");
                out = ResourceJob.finish(ranks);
            }
            String node0 = job.tierBase("ram", "node0").toString();
            String node1 = job.tierBase("ram", "node1").toString();
            assertLines(out, "CHECKPOINT ckpt.1 committed", "CHECKPOINT ckpt.2 discarded");
            assertTrue(out.get(1).contains(node1 + "/dataset.2.rank.1/files/rank.1/small.bin: Read-only file system"), out.get(1));
            String refusal = line(out.get(0), "ckpt.2 (id 2) was not committed: ");
            assertTrue(refusal.contains("rank 1: tier 'ram' at " + node1 + ": not writable (") && refusal.contains("Read-only file system)."
                    + " Fix: make it writable by user " + System.getProperty("user.name") + ", or point scr.tier.ram.base elsewhere"),
                    refusal);
            TALLY.refused();
            // The next checkpoint cannot even start there: every rank's application is told which directory and the fix.
            for (String rank : out) {
                String next = line(rank, "START-FAILED ckpt.3: ");
                assertTrue(next.contains("cannot start ckpt.3 (id 3) on tier 'ram': rank 0: tier 'ram': cannot create directory "
                        + node0 + "/dataset.3.rank.0 (Operation not permitted). Fix: ") && next.contains("rank 1: tier 'ram': cannot"
                        + " create directory " + node1 + "/dataset.3.rank.1 (Read-only file system). Fix: create it writable by user "
                        + System.getProperty("user.name") + ", or point scr.tier.ram.base at a writable directory"), next);
            }
            TALLY.refused();

            // Still read-only, with ckpt.2's remains stuck in it: the next run restarts from ckpt.1, read from there bit for bit.
            assertRestarted(job.run("restart"), 1, STATE);
        }
    }

    @Test
    void aRamDiskRemountedReadOnlyMidJobSendsTheNextCheckpointToTheSlowerTierAndKeepsThePreviousOne() throws Exception {
        try (ResourceJob job = job(true)) {
            TALLY.trial();
            List<String> out;
            try (RankProcesses ranks = job.launch("write", "1", "" + STATE, "await", "read-only", "write", "2", "" + STATE).start()) {
                ranks.waitForLine(0, "AWAITING read-only"::equals, WAIT);
                job.remount("node1", "ro");
                TALLY.fault("cache-read-only");
                job.signal("read-only");
                out = ResourceJob.finish(ranks);
            }
            assertLines(out, "CHECKPOINT ckpt.1 committed", "CHECKPOINT ckpt.2 committed");
            String moved = line(out.get(0), "ckpt.2 (id 2) goes to tier 'ssd' instead of 'ram', which its level names: ");
            assertTrue(moved.contains("tier 'ram' is unhealthy: rank 1: tier 'ram' at " + job.tierBase("ram", "node1")
                    + ": not writable (") && moved.contains("Read-only file system). Fix: make it writable by user "
                    + System.getProperty("user.name") + ", or point scr.tier.ram.base elsewhere"), moved);
            assertEquals(Set.of("node0:ssd", "node1:ssd"), job.placement(2));
            assertEquals(Set.of("node0:ram", "node1:ram"), job.placement(1));
            assertCachedIntact(job, "ram", 1, 1, STATE);
            TALLY.fallback();
            assertRestarted(job.run("restart"), 2, STATE);
        }
    }

    // ---------------------------------------------------------------- the prefix's name node stopped during a flush

    private static MiniHdfs hdfs() throws IOException {
        if (hdfs == null) {
            hdfs = MiniHdfs.start();
        }
        return hdfs;
    }

    /** A job on plain directories whose prefix is on HDFS and which flushes every checkpoint. */
    private ResourceJob hdfsJob(URI prefix, boolean async) throws IOException {
        Map<String, String> settings = new TreeMap<>(MiniHdfs.jobSettings());
        settings.put("scr.prefix", prefix.toString());
        settings.put("scr.flush", "1");
        settings.put("scr.flush.async", Boolean.toString(async));
        // 2 MiB/s per rank: the background copy of ckpt.2 lasts seconds, not a moment.
        settings.put("scr.flush.async.bw", "4MiB");
        // A stopped name node refuses connections: give up after two retries 0.1 s apart, not ten a second apart.
        settings.put("ipc.client.connect.max.retries", "2");
        settings.put("ipc.client.connect.retry.interval", "100");
        return ResourceJob.onDisk(dir, settings);
    }

    @Test
    void theNameNodeStoppedDuringASynchronousFlushFailsItClearlyTheJobGoesOnAndTheNextRunFlushesIt() throws Exception {
        URI prefix = hdfs().newPrefix("sync");
        ResourceJob job = hdfsJob(prefix, false);
        TALLY.trial();
        List<String> out = runStoppingTheNameNode(job, prefix, "prefix-stopped-sync");
        assertFlushFailedCleanly(job, out, prefix);
        // Rank 0 read the halt file on HDFS in needCheckpoint(): unreadable, said once, and the job went on.
        assertTrue(line(out.get(0), "cannot read the halt file in " + prefix).endsWith("going on without it until it can be read again"),
                out.get(0));

        // HDFS is back: the next run restarts from the cached ckpt.3 and flushes ckpt.2 (its flush was cut off) and ckpt.3.
        List<String> next = job.run("restart", "drain");
        assertRestarted(next, 3, FLUSHED);
        assertTrue(next.get(0).contains("the flush of ckpt.2 (id 2) was interrupted when the last run ended; flushing it again"),
                next.get(0));
        assertTrue(next.get(0).contains("DRAIN ckpt.3 (id 3): flushed"), next.get(0));
        assertFlushedBitForBit(prefix);

        // With every cache wiped, ckpt.3 comes back from HDFS alone.
        FileUtils.deleteDirectory(job.dir.resolve("ram").toFile());
        List<String> fetched = job.run("restart");
        assertTrue(fetched.get(0).contains("fetched checkpoint ckpt.3 (id 3) from the prefix"), fetched.get(0));
        assertRestarted(fetched, 3, FLUSHED);
    }

    @Test
    void theNameNodeStoppedDuringABackgroundFlushFailsItClearlyTheJobGoesOnAndTheNextRunFlushesIt() throws Exception {
        URI prefix = hdfs().newPrefix("async");
        ResourceJob job = hdfsJob(prefix, true);
        TALLY.trial();
        List<String> out = runStoppingTheNameNode(job, prefix, "prefix-stopped-async");
        assertFlushFailedCleanly(job, out, prefix);

        List<String> next = job.run("restart", "drain");
        assertRestarted(next, 3, FLUSHED);
        assertTrue(next.get(0).contains("the flush of ckpt.2 (id 2) was interrupted when the last run ended; flushing it again"),
                next.get(0));
        assertTrue(next.get(0).contains("DRAIN ckpt.3 (id 3): flushed"), next.get(0));
        assertFlushedBitForBit(prefix);
    }

    /**
     * Writes ckpt.1 (flushed, and waited for), ckpt.2 (the name node stops as soon as its flush has created its
     * directory on HDFS), ckpt.3 and asks needCheckpoint() and shouldExit() while HDFS is down.
     * Every rank must finish the run with status 0. Restarts the name node, whatever happened.
     */
    private List<String> runStoppingTheNameNode(ResourceJob job, URI prefix, String kind) throws Exception {
        // The drain waits for ckpt.1's flush, which a background flush would otherwise record only after ckpt.2's.
        try (RankProcesses ranks = job.launch("write", "1", "" + FLUSHED, "drain", "write", "2", "" + CUT, "tick", "write", "3",
                "" + FLUSHED, "tick").start()) {
            org.apache.hadoop.fs.Path dataset = MiniHdfs.path(prefix, "ckpt.2");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!hdfs.fs().exists(dataset)) {
                assertTrue(System.nanoTime() < deadline, "the flush of ckpt.2 never began:\n" + ranks.output(0));
                Thread.sleep(2);
            }
            hdfs.cluster().shutdownNameNode(0);
            TALLY.fault(kind);
            return ResourceJob.finish(ranks);
        } finally {
            if (!hdfs.cluster().isNameNodeUp(0)) {
                hdfs.cluster().restartNameNode(0, true);
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (hdfs.cluster().getNamesystem(0).isInSafeMode() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
    }

    /**
     * The run whose prefix went away: every checkpoint committed in the cache and intact there,
     * the application never saw an exception, rank 0 named the prefix and the cause, and the
     * index (read once HDFS is back) lists ckpt.1 as flushed and current and nothing after it.
     */
    private void assertFlushFailedCleanly(ResourceJob job, List<String> out, URI prefix) throws IOException {
        assertLines(out, "CHECKPOINT ckpt.1 committed", "CHECKPOINT ckpt.2 committed", "CHECKPOINT ckpt.3 committed");
        for (String rank : out) {
            assertEquals(2, rank.lines().filter(l -> l.startsWith("TICK need=")).count(), "the job goes on:\n" + rank);
        }
        String failed = line(out.get(0), "ckpt.2 (id 2) was not flushed to the prefix " + prefix + ": ");
        assertTrue(failed.contains(" ERROR ") && failed.contains("127.0.0.1") && failed.endsWith(
                "It stays in the cache; the index does not list it as flushed"), failed);
        assertTrue(out.get(0).contains("ckpt.3 (id 3) was not flushed to the prefix " + prefix + ": "), out.get(0));
        TALLY.refused();
        Index index = index(prefix);
        assertTrue(index.entry(1).orElseThrow().isFlushed(), index.toString());
        assertEquals(OptionalLong.of(1), index.current(), index.toString());
        for (long id = 2; id <= 3; id++) {
            assertTrue(index.entry(id).map(e -> !e.isFlushed()).orElse(true), "dataset " + id + " must not be listed flushed: " + index);
        }
        assertCachedIntact(job, "ram", 2, 2, CUT);
        assertCachedIntact(job, "ram", 3, 3, FLUSHED);
    }

    private static Index index(URI prefix) throws IOException {
        ControlDirectory control = MiniHdfs.control(prefix);
        try {
            return control.index().read();
        } finally {
            control.fileSystem().close();
        }
    }

    /**
     * After the run that followed the outage: the index lists ckpt.2 (whose flush was cut off) and
     * ckpt.3 as flushed, ckpt.3 current, and HDFS holds every rank's files of both as written.
     */
    private static void assertFlushedBitForBit(URI prefix) throws IOException {
        Index index = index(prefix);
        assertEquals(OptionalLong.of(3), index.current(), index.toString());
        for (int c = 2; c <= 3; c++) {
            assertTrue(index.entry(c).orElseThrow().isFlushed(), index.toString());
            for (int r = 0; r < ResourceJob.NODES.size(); r++) {
                for (String f : ResourceApp.files(r)) {
                    byte[] written = ResourceApp.content(r, c, f, c == 2 ? CUT : FLUSHED);
                    assertArrayEquals(written, hdfs.read(MiniHdfs.path(prefix, "ckpt." + c + "/" + f)), "ckpt." + c + " " + f);
                }
            }
        }
    }

    // ---------------------------------------------------------------- checks

    /** Every rank printed these lines, in this order (other lines between them). */
    static void assertLines(List<String> outputs, String... expected) {
        for (int r = 0; r < outputs.size(); r++) {
            List<String> found = outputs.get(r).lines().filter(l -> l.startsWith("CHECKPOINT ")).toList();
            assertEquals(List.of(expected), found, "rank " + r + ":\n" + outputs.get(r));
        }
    }

    /** The one line of a rank's output that contains {@code text}. */
    static String line(String output, String text) {
        List<String> lines = output.lines().filter(l -> l.contains(text)).toList();
        assertEquals(1, lines.size(), "one line with '" + text + "' expected in:\n" + output);
        return lines.get(0);
    }

    /**
     * Every rank restarted from ckpt.C and read exactly what it wrote there (CRC32C of every byte,
     * against the test's own copy). A restart that handed over other bytes is a silent corruption.
     */
    static void assertRestarted(List<String> outputs, int c, long bytes) {
        for (int r = 0; r < outputs.size(); r++) {
            String expected = "RESTARTED ckpt." + c + " OK crc32c=" + Long.toHexString(crc(r, c, bytes));
            String found = outputs.get(r).lines().filter(l -> l.startsWith("RESTARTED ")).findFirst().orElse("none");
            if (found.contains("MISMATCH") || (found.startsWith("RESTARTED ckpt." + c + " OK") && !found.equals(expected))) {
                TALLY.silentCorruption();
            }
            assertEquals(expected, found, "rank " + r + ":\n" + outputs.get(r));
        }
        TALLY.recovered();
    }

    /** CRC32C of what rank r wrote in ckpt.C, its files in order. */
    static long crc(int rank, int c, long bytes) {
        CRC32C crc = new CRC32C();
        ResourceApp.files(rank).forEach(f -> crc.update(ResourceApp.content(rank, c, f, bytes)));
        return crc.getValue();
    }

    /** Dataset {@code id} (ckpt.C) is still on {@code tier} of every node, every file as written. */
    private static void assertCachedIntact(ResourceJob job, String tier, long id, int c, long bytes) throws IOException {
        for (int r = 0; r < ResourceJob.NODES.size(); r++) {
            Path files = job.tierBase(tier, ResourceJob.NODES.get(r)).resolve("dataset." + id + ".rank." + r).resolve("files");
            for (String f : ResourceApp.files(r)) {
                assertArrayEquals(ResourceApp.content(r, c, f, bytes), Files.readAllBytes(files.resolve(f)), files.resolve(f).toString());
            }
        }
    }
}
