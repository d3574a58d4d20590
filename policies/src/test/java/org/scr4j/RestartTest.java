package org.scr4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scr4j.JobFixture.checkpoints;
import static org.scr4j.JobFixture.flipByte;
import static org.scr4j.JobFixture.restart;
import static org.scr4j.JobFixture.restoredOnEveryRank;
import static org.scr4j.JobFixture.stateFile;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restart starts from the newest checkpoint every rank can read, and never twice from a bad one. */
class RestartTest {
    @TempDir
    Path dir;

    @Test
    void theNewestCompleteCheckpointIsChosen() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_CACHE_SIZE", "3").set("SCR_FLUSH", "0");
        job.run(2, (scr, g) -> {
            checkpoints(scr, 1, 3);
            try (Output out = scr.startOutput("ckpt.4", Flag.CHECKPOINT)) {
                JobFixture.write(out, stateFile(scr.rank()), JobFixture.state("ckpt.4", scr.rank()));
                assertFalse(out.complete(false)); // the application found its own state bad
            }
            return null;
        });
        assertEquals(restoredOnEveryRank("ckpt.3", 2), job.run(2, (scr, g) -> restart(scr)));
    }

    @Test
    void aFlushedCheckpointWhoseRestartFailsIsMarkedFailedAndTheNextOlderIsOffered() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_CACHE_SIZE", "3").set("SCR_FLUSH", "1");
        job.run(2, (scr, g) -> {
            checkpoints(scr, 1, 3);
            return null;
        });
        List<String> second = job.run(2, (scr, g) -> {
            String offered = scr.haveRestart().orElseThrow();
            boolean completed;
            try (Restart r = scr.startRestart(offered)) {
                Files.readAllBytes(r.route(stateFile(scr.rank())));
                completed = r.complete(scr.rank() == 0); // rank 1 cannot use what it read
            }
            return offered + " " + completed + " then " + restart(scr);
        });
        assertEquals(List.of("ckpt.3 false then " + JobFixture.restored("ckpt.2", 0),
                "ckpt.3 false then " + JobFixture.restored("ckpt.2", 1)), second);
        JsonNode failed = job.entry("ckpt.3");
        assertTrue(failed.get("failed").isTextual(), failed.toString());
        assertTrue(failed.get("failed").asText().contains("restart"), failed.toString());
        assertTrue(job.entry("ckpt.2").get("failed").isNull());
        assertEquals(job.entry("ckpt.2").get("id").asLong(), job.index().get("current").asLong());

        // a later run is not trapped either: ckpt.3 stays failed and is not offered again
        assertEquals(restoredOnEveryRank("ckpt.2", 2), job.run(2, (scr, g) -> restart(scr)));
    }

    @Test
    void anUnflushedCheckpointWhoseRestartFailsIsDeletedAndTheNextOlderIsOffered() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_CACHE_SIZE", "3").set("SCR_FLUSH", "0");
        job.run(2, (scr, g) -> {
            checkpoints(scr, 1, 3);
            return null;
        });
        List<String> second = job.run(2, (scr, g) -> {
            try (Restart r = scr.startRestart(scr.haveRestart().orElseThrow())) {
                // closed without complete: counts as complete(false)
            }
            return restart(scr);
        });
        assertEquals(restoredOnEveryRank("ckpt.2", 2), second);
        assertEquals(List.of(1L, 2L), List.copyOf(job.cachedIds()));
        assertEquals(restoredOnEveryRank("ckpt.2", 2), job.run(2, (scr, g) -> restart(scr)));
    }

    @Test
    void startRestartWithANameThatIsNotOfferedIsRefused() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_CACHE_SIZE", "3");
        List<String> nothing = job.run(1, (scr, g) ->
                assertThrows(IllegalArgumentException.class, () -> scr.startRestart("ckpt.1")).getMessage());
        assertTrue(nothing.get(0).contains("startRestart('ckpt.1')"), nothing.get(0));
        assertTrue(nothing.get(0).contains("there is none"), nothing.get(0));

        job.run(2, (scr, g) -> {
            checkpoints(scr, 1, 2);
            return null;
        });
        List<String> unknown = job.run(2, (scr, g) -> {
            String message = assertThrows(IllegalArgumentException.class, () -> scr.startRestart("ckpt.9")).getMessage();
            assertEquals(JobFixture.restored("ckpt.2", scr.rank()), restart(scr));
            return message;
        });
        assertEquals(unknown.get(0), unknown.get(1));
        assertTrue(unknown.get(0).contains("startRestart('ckpt.9')"), unknown.get(0));
        assertTrue(unknown.get(0).contains("the newest one is 'ckpt.2'"), unknown.get(0));
    }

    @Test
    void aDatasetWithoutItsManifestIsNotOfferedAndIsDeletedAtInit() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_CACHE_SIZE", "2").set("SCR_FLUSH", "0");
        job.run(2, (scr, g) -> {
            checkpoints(scr, 1, 2);
            return null;
        });
        // a crash between rank 1 writing its files and its manifest
        Files.delete(job.datasetDir(2, 1).resolve("manifest.json"));
        List<String> restarted = job.run(2, (scr, g) -> {
            g.barrier();
            if (scr.rank() == 0) {
                assertFalse(Files.exists(job.datasetDir(2, 0)), "rank 0's part of the incomplete ckpt.2");
                assertFalse(Files.exists(job.datasetDir(2, 1)), "rank 1's manifest-less ckpt.2");
            }
            return restart(scr);
        });
        assertEquals(restoredOnEveryRank("ckpt.1", 2), restarted);
    }

    @Test
    void aCachedFileWithOneFlippedByteIsSkippedForTheNextOlderCheckpoint() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_CACHE_SIZE", "3").set("SCR_FLUSH", "0");
        job.run(2, (scr, g) -> {
            checkpoints(scr, 1, 3);
            return null;
        });
        flipByte(job.cachedFile(3, 1, stateFile(1)), 1234);
        assertEquals(restoredOnEveryRank("ckpt.2", 2), job.run(2, (scr, g) -> restart(scr)));
        assertFalse(Files.exists(job.datasetDir(3, 0)));
        assertFalse(Files.exists(job.datasetDir(3, 1)));
    }

    @Test
    void aCachedFileWithOneFlippedByteIsFetchedAgainFromThePrefixWhenTheCheckpointWasFlushed() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_CACHE_SIZE", "3").set("SCR_FLUSH", "1");
        job.run(2, (scr, g) -> {
            checkpoints(scr, 1, 3);
            return null;
        });
        flipByte(job.cachedFile(3, 0, stateFile(0)), 0);
        assertEquals(restoredOnEveryRank("ckpt.3", 2), job.run(2, (scr, g) -> restart(scr)));
        // the cache holds the good copy again, bit for bit
        for (int r = 0; r < 2; r++) {
            assertEquals(JobFixture.sha256(JobFixture.state("ckpt.3", r)), JobFixture.sha256(job.cachedFile(3, r, stateFile(r))));
        }
        assertTrue(job.entry("ckpt.3").get("failed").isNull());
    }

    @Test
    void currentBeforeTheRestartPicksAnOlderCheckpointAndDropsTheNewerCachedOnes() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_CACHE_SIZE", "3").set("SCR_FLUSH", "0");
        job.run(2, (scr, g) -> {
            checkpoints(scr, 1, 3);
            return null;
        });
        List<String> restarted = job.run(2, (scr, g) -> {
            scr.current("ckpt.2");
            return restart(scr);
        });
        assertEquals(restoredOnEveryRank("ckpt.2", 2), restarted);
        assertEquals(List.of(1L, 2L), List.copyOf(job.cachedIds()));
        List<String> unknown = job.run(2, (scr, g) ->
                assertThrows(IllegalArgumentException.class, () -> scr.current("ckpt.7")).getMessage());
        assertTrue(unknown.get(0).contains("current('ckpt.7')"), unknown.get(0));
    }

    @Test
    void outputsAreNotOfferedForARestart() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_CACHE_SIZE", "3").set("SCR_FLUSH", "0");
        job.run(2, (scr, g) -> {
            checkpoints(scr, 1, 1);
            try (Output out = scr.startOutput("result.1", Flag.OUTPUT)) {
                JobFixture.write(out, stateFile(scr.rank()), JobFixture.state("result.1", scr.rank()));
                assertTrue(out.complete(true));
            }
            return null;
        });
        assertEquals(restoredOnEveryRank("ckpt.1", 2), job.run(2, (scr, g) -> restart(scr)));
    }

    @Test
    void aJobOfAnotherSizeDoesNotRestartFromCheckpointsWrittenByTwoRanks() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_CACHE_SIZE", "3").set("SCR_FLUSH", "1");
        job.run(2, (scr, g) -> {
            checkpoints(scr, 1, 2);
            return null;
        });
        assertEquals(List.of("none", "none", "none"), job.run(3, (scr, g) -> restart(scr)));
        // the cached parts could not serve three ranks and are gone; the prefix copies are not failed, only unusable here
        assertEquals(List.of(), List.copyOf(job.cachedIds()));
        assertTrue(job.entry("ckpt.2").get("failed").isNull());
        assertEquals(JobFixture.sha256(JobFixture.state("ckpt.2", 1)), JobFixture.sha256(job.onPrefix("ckpt.2", stateFile(1))));
        assertEquals(restoredOnEveryRank("ckpt.2", 2), job.run(2, (scr, g) -> restart(scr)));
    }
}
