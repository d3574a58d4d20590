package org.scr4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.commons.io.file.PathUtils;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.control.ControlDirectory;
import org.scr4j.control.HaltRecord;
import org.scr4j.control.Index;
import org.scr4j.control.IndexEntry;
import org.scr4j.dataset.FileEntry;
import org.scr4j.dataset.Manifest;
import org.scr4j.dataset.ManifestCodec;
import org.scr4j.fault.CrashPoints;
import org.scr4j.hdfs.HdfsRankApp;
import org.scr4j.hdfs.MiniHdfs;
import org.scr4j.testing.RankProcesses;

/**
 * A job whose prefix is on HDFS (a real MiniDFSCluster on 127.0.0.1, one per class): it flushes
 * there, restarts from there with every cache wiped, halts when the halt file there says so, and
 * survives a rank killed mid-flush and the loss of HDFS's data node mid-flush. Every byte is
 * checked by CRC32C against what the application wrote. The control files alone under concurrent
 * writers and crashes on HDFS: {@link org.scr4j.control.ControlOnHdfsTest}.
 */
class HdfsPrefixTest {
    private static final Duration STEP = Duration.ofSeconds(120);
    private static MiniHdfs hdfs;

    @TempDir
    Path dir;

    @BeforeAll
    static void startHdfs() throws IOException {
        hdfs = MiniHdfs.start();
    }

    @AfterAll
    static void stopHdfs() throws IOException {
        if (hdfs != null) {
            hdfs.close();
        }
    }

    /** An in-process job (ranks are threads) whose prefix is on HDFS, with the Hadoop keys in its scr4j settings. */
    private JobFixture job(URI prefix) throws IOException {
        JobFixture job = new JobFixture(dir).set("SCR_PREFIX", prefix.toString());
        MiniHdfs.jobSettings().forEach(job::set);
        return job;
    }

    // ---------------------------------------------------------------- flush and fetch

    @Test
    void threeRanksFlushToHdfsAndWithEveryCacheWipedRestartByFetchingEveryByteBack() throws Exception {
        URI prefix = hdfs.newPrefix("flush-fetch");
        int ranks = 3;
        JobFixture job = job(prefix).set("SCR_FLUSH", "2");
        job.run(ranks, (scr, g) -> {
            write(scr, 1, 3);
            return null;
        });

        // SCR_FLUSH=2 flushed ckpt.2; close() flushed ckpt.3, the newest; ckpt.1 stayed in the cache.
        Index index = index(prefix);
        assertEquals(List.of(2L, 3L), List.copyOf(index.entries().keySet()), index.toString());
        assertFlushedEntry(index, 2, ranks);
        assertFlushedEntry(index, 3, ranks);
        assertEquals(OptionalLong.of(3), index.current());
        assertFalse(hdfs.fs().exists(MiniHdfs.path(prefix, "ckpt.1")), "ckpt.1 was not due for a flush");
        assertOnHdfsBitForBit(prefix, 2, ranks);
        assertOnHdfsBitForBit(prefix, 3, ranks);
        assertNoLocksOrTempFiles(prefix);
        assertEquals(List.of("checkpoint 1", "checkpoint 2", "flush 2", "checkpoint 3", "flush 3"), events(prefix, "checkpoint", "flush"),
                "the event log on HDFS, appended by the job");

        PathUtils.deleteDirectory(job.cacheBase);
        List<String> restarted = job.run(ranks, (scr, g) -> {
            String line = HdfsRankApp.restart(scr);
            // The cache held nothing: what the restart read was fetched from HDFS into it.
            for (String file : HdfsRankApp.files(scr.rank())) {
                assertEquals(MiniHdfs.crc32c(HdfsRankApp.content(scr.rank(), 3, file)),
                        MiniHdfs.crc32c(Files.readAllBytes(job.cachedFile(3, scr.rank(), file))), "rank " + scr.rank() + "'s " + file);
            }
            write(scr, 4, 4);
            return line;
        });
        assertEquals(Collections.nCopies(ranks, "RESTARTED ckpt.3 OK"), restarted, "fetched from HDFS, every byte as written");
        index = index(prefix);
        assertEquals(List.of(2L, 3L, 4L), List.copyOf(index.entries().keySet()), index.toString());
        assertFlushedEntry(index, 4, ranks);
        assertEquals(OptionalLong.of(4), index.current());
        assertOnHdfsBitForBit(prefix, 4, ranks);
        assertOnHdfsBitForBit(prefix, 3, ranks);
        assertNoLocksOrTempFiles(prefix);
    }

    private static void write(Scr scr, int from, int to) throws IOException {
        for (int c = from; c <= to; c++) {
            assertTrue(HdfsRankApp.write(scr, c), "ckpt." + c + " must complete on rank " + scr.rank());
        }
    }

    private static void assertFlushedEntry(Index index, long id, int ranks) {
        IndexEntry e = index.entry(id).orElseThrow(() -> new AssertionError("no entry " + id + " in " + index));
        assertEquals("ckpt." + id, e.name(), e.toString());
        assertEquals(id, e.checkpointId(), e.toString());
        assertTrue(e.checkpoint() && !e.output() && e.complete(), e.toString());
        assertEquals(ranks, e.ranks(), e.toString());
        assertTrue(e.isFlushed(), e.toString());
        assertFalse(e.isFailed(), e.toString());
    }

    /**
     * Checkpoint c (dataset id c) is on HDFS exactly: the files of every rank and nothing else in
     * its directory, each with the CRC32C of what the rank wrote, each rank's manifest beside the
     * index saying so, and the Hadoop keys of the job's configuration (block size, replication)
     * applied to them.
     */
    private static void assertOnHdfsBitForBit(URI prefix, int c, int ranks) throws IOException {
        List<String> expected = new ArrayList<>();
        for (int r = 0; r < ranks; r++) {
            expected.addAll(HdfsRankApp.files(r));
            Manifest manifest = ManifestCodec.decode(hdfs.read(MiniHdfs.path(prefix, ".scr4j/datasets/" + c + "/rank." + r + ".json")),
                    "rank " + r + "'s manifest of ckpt." + c);
            assertEquals(c, manifest.dataset().id());
            for (String file : HdfsRankApp.files(r)) {
                byte[] written = HdfsRankApp.content(r, c, file);
                org.apache.hadoop.fs.Path onHdfs = MiniHdfs.path(prefix, "ckpt." + c + "/" + file);
                assertEquals(Long.toHexString(MiniHdfs.crc32c(written)), Long.toHexString(hdfs.crc32c(onHdfs)), onHdfs.toString());
                FileEntry entry = manifest.file(file).orElseThrow(() -> new AssertionError(file + " not in " + manifest));
                assertEquals(written.length, entry.size(), entry.toString());
                assertEquals(MiniHdfs.crc32c(written), entry.crc32c(), entry.toString());
                FileStatus status = hdfs.fs().getFileStatus(onHdfs);
                assertEquals(1, status.getReplication(), "dfs.replication from the job's configuration");
                assertEquals(MiniHdfs.BLOCK, status.getBlockSize(), "dfs.blocksize from the job's configuration");
            }
        }
        expected.sort(null);
        assertEquals(expected, hdfs.files(MiniHdfs.path(prefix, "ckpt." + c)));
        org.apache.hadoop.fs.Path big = MiniHdfs.path(prefix, "ckpt." + c + "/rank.0/state.bin");
        FileStatus status = hdfs.fs().getFileStatus(big);
        assertEquals(3, hdfs.fs().getFileBlockLocations(status, 0, status.getLen()).length, big + " spans three blocks");
    }

    private static void assertNoLocksOrTempFiles(URI prefix) throws IOException {
        List<String> left = hdfs.files(new org.apache.hadoop.fs.Path(prefix)).stream()
                .filter(f -> f.endsWith(".lock") || f.contains("tmp")).toList();
        assertEquals(List.of(), left, "locks and temporary files left on HDFS");
    }

    /** "EVENT ID" for each event of the given kinds in the prefix's event log, oldest first. */
    private static List<String> events(URI prefix, String... kinds) throws IOException {
        Set<String> wanted = Set.of(kinds);
        ControlDirectory control = MiniHdfs.control(prefix);
        try {
            return control.log().read().stream().filter(e -> wanted.contains(String.valueOf(e.get("event"))))
                    .map(e -> e.get("event") + " " + e.get("id")).toList();
        } finally {
            control.fileSystem().close();
        }
    }

    private static Index index(URI prefix) throws IOException {
        ControlDirectory control = MiniHdfs.control(prefix);
        try {
            return control.index().read();
        } finally {
            control.fileSystem().close();
        }
    }

    /** Changes the halt file on HDFS as {@code scr4j halt} on another host would: its own client, under the lock. */
    private static HaltRecord halt(URI prefix, UnaryOperator<HaltRecord> change) throws IOException {
        ControlDirectory control = MiniHdfs.control(prefix);
        try {
            return control.halt().update(change);
        } finally {
            control.fileSystem().close();
        }
    }

    // ---------------------------------------------------------------- halt

    @Test
    void aHaltFileWrittenOnHdfsWhileTheJobRunsMakesShouldExitTrueOnEveryRank() throws Exception {
        URI prefix = hdfs.newPrefix("halt");
        JobFixture job = job(prefix).set("SCR_FLUSH", "0");
        List<List<Boolean>> answers = job.run(2, (scr, g) -> {
            List<Boolean> seen = new ArrayList<>();
            seen.add(scr.shouldExit());
            g.barrier();
            if (scr.rank() == 0) {
                halt(prefix, h -> h.withCheckpoints(OptionalInt.of(1)));
            }
            g.barrier();
            seen.add(scr.shouldExit()); // one checkpoint left
            write(scr, 1, 1);
            seen.add(scr.shouldExit()); // none left
            g.barrier();
            if (scr.rank() == 0) {
                assertEquals(OptionalInt.of(0), halt(prefix, UnaryOperator.identity()).checkpoints(), "counted down on HDFS");
                ControlDirectory control = MiniHdfs.control(prefix);
                try {
                    control.halt().remove();
                } finally {
                    control.fileSystem().close();
                }
            }
            g.barrier();
            seen.add(scr.shouldExit()); // removed
            g.barrier();
            if (scr.rank() == 0) {
                halt(prefix, h -> h.withReason(Optional.of("JOB_HALTED")));
            }
            g.barrier();
            seen.add(scr.shouldExit()); // a reason
            seen.add(scr.needCheckpoint()); // a halt asks for one last checkpoint
            return seen;
        });
        assertEquals(Collections.nCopies(2, List.of(false, false, true, false, true, true)), answers);
        // The launcher, reading HDFS, learns that the job finished and must not be started again.
        assertEquals(Optional.of(HaltRecord.FINALIZE_CALLED), halt(prefix, UnaryOperator.identity()).reason());

        // A new run clears a finished run's mark: nothing halts it.
        assertEquals(Collections.nCopies(2, false), job.run(2, (scr, g) -> scr.shouldExit()));
        assertEquals(HaltRecord.NONE.withReason(Optional.of(HaltRecord.FINALIZE_CALLED)), halt(prefix, UnaryOperator.identity()));
    }

    // ---------------------------------------------------------------- HDFS loses its data node mid-flush

    @Test
    void whenHdfsLosesItsDataNodeWhileACheckpointIsFlushedTheIndexNeverNamesItFlushedAndTheNextRunRecovers() throws Exception {
        URI prefix = hdfs.newPrefix("datanode-lost");
        // A read whose only replica is gone fails after three tries; their pauses are shortened here from seconds.
        JobFixture job = job(prefix).set("SCR_FLUSH", "1").set("dfs.client.retry.window.base", "10")
                .set("dfs.client.retry.interval-ms.get-last-block-length", "10");
        MiniDFSCluster.DataNodeProperties[] stopped = new MiniDFSCluster.DataNodeProperties[1];
        List<Boolean> completed;
        try {
            completed = job.run(2, (scr, g) -> {
                write(scr, 1, 1);
                Thread watcher = null;
                if (scr.rank() == 0) {
                    // The data node goes as soon as the flush of ckpt.2 has created its directory on HDFS.
                    watcher = new Thread(() -> {
                        try {
                            org.apache.hadoop.fs.Path dataset = MiniHdfs.path(prefix, "ckpt.2");
                            while (!hdfs.fs().exists(dataset)) {
                                Thread.onSpinWait();
                            }
                            stopped[0] = hdfs.cluster().stopDataNode(0);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }, "datanode-killer");
                    watcher.start();
                }
                g.barrier();
                boolean ok = HdfsRankApp.write(scr, 2);
                if (watcher != null) {
                    watcher.join(30_000);
                }
                return ok;
            });
        } finally {
            if (stopped[0] != null) {
                assertTrue(hdfs.cluster().restartDataNode(stopped[0], true), "the data node restarted");
                hdfs.cluster().waitActive();
            }
        }
        assertTrue(stopped[0] != null, "the data node was stopped during the flush");
        assertEquals(List.of(true, true), completed, "ckpt.2 is committed in the cache whatever happens to HDFS");
        Index index = index(prefix);
        assertFlushedEntry(index, 1, 2);
        assertOnHdfsBitForBit(prefix, 1, 2);
        assertEquals(OptionalLong.of(1), index.current());
        assertTrue(index.entry(2).map(e -> !e.isFlushed()).orElse(true), "the index must not name ckpt.2 flushed: " + index);

        // HDFS is whole again: the next run restarts from the cached ckpt.2, and close() flushes it.
        assertEquals(Collections.nCopies(2, "RESTARTED ckpt.2 OK"), job.run(2, (scr, g) -> HdfsRankApp.restart(scr)));
        index = index(prefix);
        assertFlushedEntry(index, 2, 2);
        assertEquals(OptionalLong.of(2), index.current());
        assertOnHdfsBitForBit(prefix, 2, 2);
        assertNoLocksOrTempFiles(prefix);

        // And it comes back from HDFS alone.
        PathUtils.deleteDirectory(job.cacheBase);
        assertEquals(Collections.nCopies(2, "RESTARTED ckpt.2 OK"), job.run(2, (scr, g) -> HdfsRankApp.restart(scr)));
    }

    // ---------------------------------------------------------------- a rank killed mid-flush

    /** The job's configuration as a launcher would give it: Hadoop XML with scr4j's keys and Hadoop's side by side. */
    private Path jobConf(URI prefix, Map<String, String> more) throws IOException {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<configuration>\n");
        Map<String, String> all = new java.util.TreeMap<>(MiniHdfs.jobSettings());
        all.put("scr.prefix", prefix.toString());
        all.put("scr.cache.base", dir.resolve("cache").toString());
        all.put("scr.job.id", "hdfs");
        all.putAll(more);
        all.forEach((k, v) -> xml.append("  <property><name>").append(k).append("</name><value>").append(v)
                .append("</value></property>\n"));
        xml.append("</configuration>\n");
        Path file = dir.resolve("job.xml");
        Files.writeString(file, xml);
        return file;
    }

    private static RankProcesses.Launch ranks(Path conf, String... steps) {
        return RankProcesses.of(HdfsRankApp.class, List.of("node0", "node1")).args(steps)
                .jvmOptions("-Xmx256m", "-Dlog4j.configuration=log4j-ranks.properties").env("SCR_CONF_FILE", conf.toString());
    }

    /** Runs one step of the job to its end; every rank must exit 0. Returns each rank's output lines. */
    private static List<List<String>> run(RankProcesses.Launch launch) throws Exception {
        try (RankProcesses ranks = launch.start()) {
            List<Integer> codes = ranks.waitForAll(STEP);
            List<List<String>> lines = new ArrayList<>();
            for (int r = 0; r < ranks.size(); r++) {
                assertEquals(0, codes.get(r), "rank " + r + " failed:\n" + ranks.output(r));
                lines.add(ranks.lines(r));
            }
            return lines;
        }
    }

    @Test
    void theRankHoldingTheFlushLockKilledMidFlushLeavesTheIndexHonestAndTheNextRunsRecover() throws Exception {
        URI prefix = hdfs.newPrefix("killed-flush");
        Path conf = jobConf(prefix, Map.of("scr.flush", "1"));
        run(ranks(conf, "write", "1", "1"));
        assertFlushedEntry(index(prefix), 1, 2);

        // Rank 0 (which holds the flush lock and writes the index) dies when its first file of ckpt.2 is on HDFS.
        try (RankProcesses ranks = ranks(conf, "write", "2", "2")
                .jvmOptions(0, "-D" + CrashPoints.PROPERTY + "=" + CrashPoints.FLUSH_FILE).start()) {
            assertEquals(CrashPoints.STATUS, ranks.waitFor(0, STEP), ranks.output(0));
            int code = ranks.waitFor(1, Duration.ofSeconds(60));
            assertNotEquals(0, code, "rank 1 must fail when rank 0 dies:\n" + ranks.output(1));
        }
        Index index = index(prefix);
        assertFlushedEntry(index, 1, 2);
        assertEquals(OptionalLong.of(1), index.current(), "the half-flushed ckpt.2 is not current: " + index);
        Optional<IndexEntry> half = index.entry(2);
        assertTrue(half.isEmpty() || !half.get().isFlushed(), "the index must not name the half-flushed ckpt.2 flushed: " + index);
        List<String> halfFlushed = hdfs.files(MiniHdfs.path(prefix, "ckpt.2"));
        assertTrue(halfFlushed.contains("rank.0/small.bin") && !halfFlushed.contains("rank.0/state.bin"),
                "the crash came after rank 0's first file reached HDFS: " + halfFlushed);
        assertFalse(hdfs.fs().exists(MiniHdfs.path(prefix, ".scr4j/datasets/2/rank.0.json")), "no manifest of the dead rank");
        assertTrue(hdfs.fs().exists(MiniHdfs.path(prefix, ".scr4j/flush.2.lock")), "the dead rank's flush lock is left behind");

        // With the caches wiped, ckpt.2 exists nowhere whole: the restart fetches ckpt.1, and the next flush works.
        PathUtils.deleteDirectory(dir.resolve("cache"));
        List<List<String>> out = run(ranks(conf, "restart", "write", "3", "3"));
        for (int r = 0; r < 2; r++) {
            assertTrue(out.get(r).contains("RESTARTED ckpt.1 OK"), "rank " + r + ":\n" + String.join("\n", out.get(r)));
            assertTrue(out.get(r).contains("CHECKPOINT ckpt.3 committed"), "rank " + r + ":\n" + String.join("\n", out.get(r)));
        }
        index = index(prefix);
        assertFlushedEntry(index, 3, 2);
        assertEquals(OptionalLong.of(3), index.current());
        assertEquals(Set.of(1L, 3L), index.restartable().stream().map(IndexEntry::id).collect(Collectors.toSet()));
        assertOnHdfsBitForBit(prefix, 3, 2);
    }
}
