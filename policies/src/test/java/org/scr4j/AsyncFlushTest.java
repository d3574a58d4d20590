package org.scr4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scr4j.JobFixture.content;
import static org.scr4j.JobFixture.restart;
import static org.scr4j.JobFixture.sha256;
import static org.scr4j.JobFixture.stateFile;
import static org.scr4j.JobFixture.write;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.testing.SwitchableFileSystem;

/**
 * scr.flush.async: complete() returns while each rank copies in the background, the index and the
 * flush journal say where each dataset stands, eviction and close() wait for the copy, and a
 * prefix that goes away mid-flush leaves the index naming nothing incomplete.
 */
class AsyncFlushTest {
    private static final int RANKS = 3;
    /** Big enough that a flush limited to 1 MiB/s per rank is still running when complete() returns. */
    private static final int SIZE = 3 << 20;

    @TempDir
    Path dir;

    private static byte[] big(String name, int rank) {
        return content(name, rank, stateFile(rank), SIZE + 13 * rank);
    }

    private static boolean checkpoint(Scr scr, String name) throws IOException {
        try (Output out = scr.startOutput(name, Flag.CHECKPOINT)) {
            write(out, stateFile(scr.rank()), big(name, scr.rank()));
            return out.complete(true);
        }
    }

    private JobFixture slowAsyncJob() throws IOException {
        // 3 MiB/s for the job is 1 MiB/s per rank: each rank's 3 MiB take about two seconds.
        return new JobFixture(dir).set("SCR_FLUSH", "1").set("SCR_FLUSH_ASYNC", "1").set("SCR_FLUSH_ASYNC_BW", "3MiB");
    }

    private static String state(JobFixture job, String name) {
        Path journal = job.prefix.resolve(".scr4j").resolve("flush");
        if (!Files.exists(journal)) {
            return "none";
        }
        for (JsonNode e : JobFixture.json(journal).get("datasets")) {
            if (e.get("name").asText().equals(name)) {
                return e.get("state").asText();
            }
        }
        return "none";
    }

    private static void assertOnPrefix(JobFixture job, String name) throws IOException {
        for (int r = 0; r < RANKS; r++) {
            assertArrayEquals(big(name, r), Files.readAllBytes(job.onPrefix(name, stateFile(r))), name + " rank " + r);
        }
    }

    @Test
    void completeReturnsWhileTheCopyRunsAndCloseWaitsForIt() throws Exception {
        JobFixture job = slowAsyncJob();
        List<String> seen = job.run(RANKS, (scr, g) -> {
            assertTrue(checkpoint(scr, "ckpt.1"));
            String seenByRank0 = "";
            if (scr.rank() == 0) {
                JsonNode entry = job.entry("ckpt.1");
                assertNotNull(entry, "the index lists the dataset as soon as its flush starts");
                seenByRank0 = (entry.hasNonNull("flushed") ? "flushed" : "not flushed") + " " + state(job, "ckpt.1");
            }
            return seenByRank0;
        });
        assertEquals("not flushed FLUSHING", seen.get(0), "complete() must return before the background copy ends");
        JsonNode entry = job.entry("ckpt.1");
        assertTrue(entry.hasNonNull("flushed"), "close() waits for the flush: " + entry);
        assertEquals("FLUSHED", state(job, "ckpt.1"));
        assertOnPrefix(job, "ckpt.1");
        JsonNode flush = job.events().stream().filter(e -> e.get("event").asText().equals("flush")).findFirst().orElseThrow();
        assertTrue(flush.get("async").asBoolean(), flush.toString());
        assertEquals(3L * SIZE + 13 + 26, flush.get("bytes").asLong(), flush.toString());
    }

    @Test
    void evictionWaitsForTheBackgroundCopyOfItsVictim() throws Exception {
        // One dataset in the cache: ckpt.2 evicts ckpt.1, whose copy is still running.
        JobFixture job = slowAsyncJob().set("SCR_CACHE_SIZE", "1");
        job.run(RANKS, (scr, g) -> {
            assertTrue(checkpoint(scr, "ckpt.1"));
            assertTrue(checkpoint(scr, "ckpt.2"));
            return null;
        });
        assertOnPrefix(job, "ckpt.1");
        assertOnPrefix(job, "ckpt.2");
        assertTrue(job.entry("ckpt.1").hasNonNull("flushed"));
        assertTrue(job.entry("ckpt.2").hasNonNull("flushed"));
        assertEquals(2L, job.events().stream().filter(e -> e.get("event").asText().equals("flush")).count());
        FileUtils.deleteDirectory(job.cacheBase.toFile());
        List<String> restarted = job.run(RANKS, (scr, g) -> restart(scr));
        for (int r = 0; r < RANKS; r++) {
            assertEquals("ckpt.2 " + sha256(big("ckpt.2", r)), restarted.get(r), "fetched from the prefix, bit for bit");
        }
    }

    @Test
    void aPrefixLostMidFlushLeavesNothingIncompleteInTheIndexAndTheNextRunFlushesAgain() throws Exception {
        Path down = dir.resolve("prefix-down");
        JobFixture job = slowAsyncJob();
        job.prefix.toFile().delete();
        Path prefix = dir.resolve("pfs");
        SwitchableFileSystem.settings(prefix, down).forEach(job::set);
        List<String> seen = job.run(RANKS, (scr, g) -> {
            assertTrue(checkpoint(scr, "ckpt.1"));
            if (scr.rank() == 0) {
                // The parallel file system goes away while every rank is copying ckpt.1.
                Files.createFile(down);
            }
            g.barrier();
            return "";
        });
        assertEquals(RANKS, seen.size());
        JsonNode entry = JobFixture.json(prefix.resolve(".scr4j").resolve("index")).get("datasets").get(0);
        assertEquals("ckpt.1", entry.get("name").asText());
        assertFalse(entry.hasNonNull("flushed"), "a flush that failed must not be listed as flushed: " + entry);
        Files.delete(down);
        String journal = Files.readString(prefix.resolve(".scr4j").resolve("flush"));
        assertTrue(journal.contains("FAILED") || journal.contains("FLUSHING"), journal);

        // The next run finds ckpt.1 in the cache, restarts from it, and flushes it when it finishes.
        List<String> restarted = job.run(RANKS, (scr, g) -> restart(scr));
        for (int r = 0; r < RANKS; r++) {
            assertEquals("ckpt.1 " + sha256(big("ckpt.1", r)), restarted.get(r));
        }
        JsonNode after = JobFixture.json(prefix.resolve(".scr4j").resolve("index")).get("datasets").get(0);
        assertTrue(after.hasNonNull("flushed"), "the next run flushed the newest checkpoint when it finished: " + after);
        for (int r = 0; r < RANKS; r++) {
            assertArrayEquals(big("ckpt.1", r), Files.readAllBytes(prefix.resolve("ckpt.1").resolve(stateFile(r))));
        }
    }

    @Test
    void synchronousAndAsynchronousFlushesLeaveTheSamePrefix() throws Exception {
        List<String> digests = new ArrayList<>();
        for (String async : List.of("0", "1")) {
            Path sub = Files.createDirectories(dir.resolve("async" + async));
            JobFixture job = new JobFixture(sub).set("SCR_FLUSH", "2").set("SCR_FLUSH_ASYNC", async);
            job.run(RANKS, (scr, g) -> {
                for (int i = 1; i <= 4; i++) {
                    assertTrue(checkpoint(scr, "ckpt." + i));
                }
                return null;
            });
            assertEquals(List.of("ckpt.2", "ckpt.4"), job.indexNames());
            StringBuilder all = new StringBuilder();
            for (String name : job.indexNames()) {
                assertTrue(job.entry(name).hasNonNull("flushed"), name);
                for (int r = 0; r < RANKS; r++) {
                    all.append(sha256(job.onPrefix(name, stateFile(r)))).append(' ');
                }
            }
            assertNull(job.entry("ckpt.3"));
            digests.add(all.toString());
        }
        assertEquals(digests.get(0), digests.get(1));
    }
}
