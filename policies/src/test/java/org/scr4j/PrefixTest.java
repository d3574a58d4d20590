package org.scr4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scr4j.JobFixture.checkpoint;
import static org.scr4j.JobFixture.checkpoints;
import static org.scr4j.JobFixture.content;
import static org.scr4j.JobFixture.flipByte;
import static org.scr4j.JobFixture.restart;
import static org.scr4j.JobFixture.restoredOnEveryRank;
import static org.scr4j.JobFixture.sha256;
import static org.scr4j.JobFixture.state;
import static org.scr4j.JobFixture.stateFile;
import static org.scr4j.JobFixture.write;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.hadoop.conf.Configuration;
import org.scr4j.control.ControlDirectory;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flush to the prefix, fetch back from it, and what the index says about each dataset. */
class PrefixTest {
    @TempDir
    Path dir;

    private static void assertFlushedEntry(JsonNode e, long id, long checkpointId, boolean checkpoint, boolean output, int ranks) {
        assertEquals(id, e.get("id").asLong(), e.toString());
        assertEquals(checkpointId, e.get("checkpointId").asLong(), e.toString());
        assertEquals(checkpoint, e.get("checkpoint").asBoolean(), e.toString());
        assertEquals(output, e.get("output").asBoolean(), e.toString());
        assertEquals(ranks, e.get("ranks").asInt(), e.toString());
        assertTrue(e.get("complete").asBoolean(), e.toString());
        assertTrue(e.get("flushed").isTextual(), e.toString());
        assertTrue(e.get("failed").isNull(), e.toString());
    }

    private void assertOnPrefixIntact(JobFixture job, String name, int ranks) throws Exception {
        for (int r = 0; r < ranks; r++) {
            assertEquals(sha256(state(name, r)), sha256(job.onPrefix(name, stateFile(r))), name + " rank " + r + " on the prefix");
        }
    }

    @Test
    void flushEveryTwoCopiesCheckpointsTwoAndFourAndCloseFlushesTheNewest() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_FLUSH", "2");
        job.run(2, (scr, g) -> {
            checkpoints(scr, 1, 4);
            g.barrier();
            if (scr.rank() == 0) {
                assertEquals(List.of("ckpt.2", "ckpt.4"), job.indexNames());
                assertFalse(Files.exists(job.prefix.resolve("ckpt.1")));
                assertFalse(Files.exists(job.prefix.resolve("ckpt.3")));
                assertEquals(4, job.index().get("current").asLong());
            }
            g.barrier();
            checkpoints(scr, 5, 5);
            return null;
        });
        // close() flushed ckpt.5, the newest, which its interval did not
        assertEquals(List.of("ckpt.2", "ckpt.4", "ckpt.5"), job.indexNames());
        assertFlushedEntry(job.entry("ckpt.2"), 2, 2, true, false, 2);
        assertFlushedEntry(job.entry("ckpt.4"), 4, 4, true, false, 2);
        assertFlushedEntry(job.entry("ckpt.5"), 5, 5, true, false, 2);
        assertEquals(5, job.index().get("current").asLong());
        for (String name : List.of("ckpt.2", "ckpt.4", "ckpt.5")) {
            assertOnPrefixIntact(job, name, 2);
            assertTrue(Files.isRegularFile(job.prefix.resolve(".scr4j/datasets/" + name.substring(5) + "/rank.1.json")));
        }
        assertFalse(Files.exists(job.prefix.resolve("ckpt.1")));
        assertFalse(Files.exists(job.prefix.resolve("ckpt.3")));
    }

    @Test
    void outputsAreAlwaysFlushedEvenWhenCheckpointsAreNot() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_FLUSH", "0");
        job.run(2, (scr, g) -> {
            checkpoint(scr, "ckpt.1");
            try (Output out = scr.startOutput("result.1", Flag.OUTPUT)) {
                write(out, "rank." + scr.rank() + "/field.dat", content("result.1", scr.rank(), "field.dat", 7000));
                assertTrue(out.complete(true));
            }
            try (Output out = scr.startOutput("both.3", Flag.CHECKPOINT, Flag.OUTPUT)) {
                write(out, stateFile(scr.rank()), state("both.3", scr.rank()));
                assertTrue(out.complete(true));
            }
            return null;
        });
        assertEquals(List.of("result.1", "both.3"), job.indexNames());
        assertFlushedEntry(job.entry("result.1"), 2, 0, false, true, 2);
        assertFlushedEntry(job.entry("both.3"), 3, 2, true, true, 2);
        for (int r = 0; r < 2; r++) {
            assertEquals(sha256(content("result.1", r, "field.dat", 7000)),
                    sha256(job.onPrefix("result.1", "rank." + r + "/field.dat")));
        }
        assertOnPrefixIntact(job, "both.3", 2);
        assertFalse(Files.exists(job.prefix.resolve("ckpt.1")), "SCR_FLUSH=0: checkpoints stay in the cache");
    }

    @Test
    void withTheCacheWipedARestartFetchesTheNewestCheckpointFromThePrefix() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_FLUSH", "1");
        job.run(2, (scr, g) -> {
            checkpoints(scr, 1, 2);
            return null;
        });
        PathUtils.deleteDirectory(job.cacheBase);
        assertEquals(restoredOnEveryRank("ckpt.2", 2), job.run(2, (scr, g) -> restart(scr)));
        // fetched into this job's cache, bit for bit
        for (int r = 0; r < 2; r++) {
            assertEquals(sha256(state("ckpt.2", r)), sha256(job.cachedFile(2, r, stateFile(r))));
            assertEquals("ram", job.manifest(2, r).get("dataset").get("tier").asText());
        }
    }

    @Test
    void whenThePrefixCopyIsCorruptToo_theOlderFlushedCheckpointIsUsedAndTheBadOneMarkedFailed() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_FLUSH", "1");
        job.run(2, (scr, g) -> {
            checkpoints(scr, 1, 2);
            return null;
        });
        PathUtils.deleteDirectory(job.cacheBase);
        flipByte(job.onPrefix("ckpt.2", stateFile(1)), 100);
        assertEquals(restoredOnEveryRank("ckpt.1", 2), job.run(2, (scr, g) -> restart(scr)));

        String failed = job.entry("ckpt.2").get("failed").asText();
        assertTrue(failed.contains("CRC32C mismatch"), failed);
        assertTrue(failed.contains("'" + stateFile(1) + "'"), failed);
        assertTrue(job.entry("ckpt.1").get("failed").isNull());
        assertEquals(1, job.index().get("current").asLong());
        assertFalse(Files.exists(job.datasetDir(2, 0)), "nothing of the bad fetch stays in the cache");
        assertFalse(Files.exists(job.datasetDir(2, 1)));
        // the evidence stays on the prefix for a person to look at
        assertTrue(Files.exists(job.onPrefix("ckpt.2", stateFile(1))));
    }

    @Test
    void withFetchOffNothingIsFetchedAndThereIsNoRestart() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_FLUSH", "1");
        job.run(2, (scr, g) -> {
            checkpoints(scr, 1, 2);
            return null;
        });
        PathUtils.deleteDirectory(job.cacheBase);
        job.set("SCR_FETCH", "0");
        assertEquals(Collections.nCopies(2, Optional.<String>empty()), job.run(2, (scr, g) -> scr.haveRestart()));
        assertEquals(List.of(), List.copyOf(job.cachedIds()));
        assertTrue(job.entry("ckpt.2").get("failed").isNull());
    }

    @Test
    void prefixSizeTwoKeepsTheTwoNewestFlushedCheckpointsAndEveryOutput() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_FLUSH", "1").set("SCR_PREFIX_SIZE", "2");
        job.run(2, (scr, g) -> {
            checkpoints(scr, 1, 2);
            try (Output out = scr.startOutput("result", Flag.OUTPUT)) {
                write(out, "rank." + scr.rank() + "/r.dat", content("result", scr.rank(), "r.dat", 999));
                assertTrue(out.complete(true));
            }
            checkpoints(scr, 3, 5);
            return null;
        });
        // ids: ckpt.1=1, ckpt.2=2, result=3, ckpt.3=4, ckpt.4=5, ckpt.5=6
        assertEquals(List.of("result", "ckpt.4", "ckpt.5"), job.indexNames());
        for (String gone : List.of("ckpt.1", "ckpt.2", "ckpt.3")) {
            assertFalse(Files.exists(job.prefix.resolve(gone)), gone + " on the prefix");
        }
        for (String id : List.of("1", "2", "4")) {
            assertFalse(Files.exists(job.prefix.resolve(".scr4j/datasets/" + id)), "manifests of dataset " + id);
        }
        assertOnPrefixIntact(job, "ckpt.4", 2);
        assertOnPrefixIntact(job, "ckpt.5", 2);
        assertEquals(sha256(content("result", 1, "r.dat", 999)), sha256(job.onPrefix("result", "rank.1/r.dat")));

        // the window holds across runs, and a restart after losing the cache still finds ckpt.5
        PathUtils.deleteDirectory(job.cacheBase);
        job.run(2, (scr, g) -> {
            assertEquals(JobFixture.restored("ckpt.5", scr.rank()), restart(scr));
            checkpoints(scr, 6, 6);
            return null;
        });
        assertEquals(List.of("result", "ckpt.5", "ckpt.6"), job.indexNames());
        assertFalse(Files.exists(job.prefix.resolve("ckpt.4")));
    }

    @Test
    void aFetchStartsFromTheCheckpointThatTheIndexNamesCurrentNotANewerOne() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_FLUSH", "1");
        job.run(2, (scr, g) -> {
            checkpoints(scr, 1, 3);
            return null;
        });
        PathUtils.deleteDirectory(job.cacheBase);
        // a person rolls the job back to ckpt.2, as 'scr4j index --current ckpt.2' does
        ControlDirectory control = ControlDirectory.open(job.prefix.toUri(), new Configuration());
        try {
            control.index().update(i -> i.withCurrent(OptionalLong.of(2)));
        } finally {
            control.fileSystem().close();
        }
        assertEquals(restoredOnEveryRank("ckpt.2", 2), job.run(2, (scr, g) -> restart(scr)));
        assertEquals(2, job.index().get("current").asLong());
        assertTrue(job.entry("ckpt.3").get("failed").isNull(), "ckpt.3 is not bad, only not current");
    }
}
