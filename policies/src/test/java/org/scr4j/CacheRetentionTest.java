package org.scr4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scr4j.JobFixture.checkpoint;
import static org.scr4j.JobFixture.content;
import static org.scr4j.JobFixture.restart;
import static org.scr4j.JobFixture.restoredOnEveryRank;
import static org.scr4j.JobFixture.sha256;
import static org.scr4j.JobFixture.state;
import static org.scr4j.JobFixture.stateFile;
import static org.scr4j.JobFixture.write;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What stays in the cache: the newest datasets up to scr.cache.size, within the tier's capacity. */
class CacheRetentionTest {
    @TempDir
    Path dir;

    @Test
    void cacheSizeTwoKeepsExactlyTheTwoNewestDatasets() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_CACHE_SIZE", "2").set("SCR_FLUSH", "0");
        List<List<Long>> seen = job.run(2, (scr, g) -> {
            List<Long> cachedAfterEach = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                assertTrue(checkpoint(scr, "ckpt." + i));
                g.barrier();
                cachedAfterEach.add((long) job.cachedIds().size());
                g.barrier();
            }
            return cachedAfterEach;
        });
        assertEquals(List.of(1L, 2L, 2L, 2L, 2L), seen.get(0));
        assertEquals(List.of("dataset.4.rank.0", "dataset.4.rank.1", "dataset.5.rank.0", "dataset.5.rank.1"),
                List.copyOf(JobFixture.directories(job.cacheDir())));
        for (int r = 0; r < 2; r++) {
            assertEquals(sha256(state("ckpt.4", r)), sha256(job.cachedFile(4, r, stateFile(r))));
            assertEquals(sha256(state("ckpt.5", r)), sha256(job.cachedFile(5, r, stateFile(r))));
        }
    }

    @Test
    void theNewestUnflushedCheckpointIsNeverEvictedToMakeRoomForAnOutput() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_CACHE_SIZE", "1").set("SCR_FLUSH", "0");
        job.run(2, (scr, g) -> {
            assertTrue(checkpoint(scr, "ckpt.1"));
            for (int i = 1; i <= 3; i++) {
                try (Output out = scr.startOutput("result." + i, Flag.OUTPUT)) {
                    write(out, "rank." + scr.rank() + "/r.dat", content("result." + i, scr.rank(), "r.dat", 2000));
                    assertTrue(out.complete(true));
                }
            }
            return null;
        });
        // the outputs are on the prefix, so the one cache slot goes back to the only checkpoint
        assertEquals(List.of(1L), List.copyOf(job.cachedIds()));
        assertEquals(List.of("result.1", "result.2", "result.3"), job.indexNames());
        assertEquals(restoredOnEveryRank("ckpt.1", 2), job.run(2, (scr, g) -> restart(scr)));
    }

    @Test
    void theNewestUnflushedCheckpointSurvivesAFailedNewerOne() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_CACHE_SIZE", "1").set("SCR_FLUSH", "0");
        job.run(2, (scr, g) -> {
            assertTrue(checkpoint(scr, "ckpt.1"));
            try (Output out = scr.startOutput("ckpt.2", Flag.CHECKPOINT)) {
                write(out, stateFile(scr.rank()), state("ckpt.2", scr.rank()));
                assertFalse(out.complete(scr.rank() == 0));
            }
            return null;
        });
        assertEquals(List.of(1L), List.copyOf(job.cachedIds()));
        assertEquals(restoredOnEveryRank("ckpt.1", 2), job.run(2, (scr, g) -> restart(scr)));
    }

    @Test
    void aCheckpointThatDoesNotFitTheTierCapacityFailsAndLeavesThePreviousOneIntact() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_FLUSH", "0").set("scr.tier.ram.capacity", "64KiB");
        List<List<Boolean>> completes = job.run(2, (scr, g) -> {
            boolean small;
            try (Output out = scr.startOutput("ckpt.1", Flag.CHECKPOINT)) {
                write(out, stateFile(scr.rank()), content("ckpt.1", scr.rank(), "state", 16 * 1024));
                small = out.complete(true);
            }
            boolean big;
            try (Output out = scr.startOutput("ckpt.2", Flag.CHECKPOINT)) {
                write(out, stateFile(scr.rank()), content("ckpt.2", scr.rank(), "state", 48 * 1024));
                big = out.complete(true);
            }
            return List.of(small, big);
        });
        assertEquals(List.of(List.of(true, false), List.of(true, false)), completes);
        assertEquals(List.of(1L), List.copyOf(job.cachedIds()));
        List<String> restored = job.run(2, (scr, g) -> {
            try (Restart r = scr.startRestart(scr.haveRestart().orElseThrow())) {
                String read = sha256(Files.readAllBytes(r.route(stateFile(scr.rank()))));
                assertTrue(r.complete(true));
                return read;
            }
        });
        assertEquals(List.of(sha256(content("ckpt.1", 0, "state", 16 * 1024)), sha256(content("ckpt.1", 1, "state", 16 * 1024))),
                restored);
    }
}
