package org.scr4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scr4j.JobFixture.checkpoint;
import static org.scr4j.JobFixture.checkpoints;
import static org.scr4j.JobFixture.restart;
import static org.scr4j.JobFixture.restoredOnEveryRank;
import static org.scr4j.JobFixture.sha256;
import static org.scr4j.JobFixture.state;
import static org.scr4j.JobFixture.stateFile;
import static org.scr4j.JobFixture.write;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dataset names: unique, ordinary, the same on every rank; delete and drop by name; no two ranks' files collide. */
class DatasetNamesTest {
    @TempDir
    Path dir;

    private static void assertMessage(String message, String... phrases) {
        for (String phrase : phrases) {
            assertTrue(message.contains(phrase), "message should contain \"" + phrase + "\": " + message);
        }
    }

    @Test
    void theNameOfADatasetStillInTheCacheCannotBeReused() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_CACHE_SIZE", "2");
        List<String> messages = job.run(2, (scr, g) -> {
            assertTrue(checkpoint(scr, "ckpt.1"));
            String m = assertThrows(IllegalArgumentException.class, () -> scr.startOutput("ckpt.1", Flag.CHECKPOINT)).getMessage();
            assertTrue(checkpoint(scr, "ckpt.2")); // refused without side effects: the engine is idle
            return m;
        });
        assertEquals(messages.get(0), messages.get(1));
        assertMessage(messages.get(0), "'ckpt.1'", "in use by ckpt.1 (id 1)");
        assertEquals(restoredOnEveryRank("ckpt.2", 2), job.run(2, (scr, g) -> restart(scr)));
    }

    @Test
    void namesThatAreNotOneOrdinaryPathComponentAreRefused() throws Exception {
        JobFixture job = new JobFixture(dir);
        job.run(1, (scr, g) -> {
            assertMessage(assertThrows(IllegalArgumentException.class, () -> scr.startOutput(".scr4j", Flag.CHECKPOINT))
                    .getMessage(), "'.scr4j' starts with '.'");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> scr.startOutput(".hidden", Flag.OUTPUT))
                    .getMessage(), "'.hidden' starts with '.'");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> scr.startOutput("a/b", Flag.CHECKPOINT))
                    .getMessage(), "'a/b'", "single path component");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> scr.startOutput("..", Flag.CHECKPOINT))
                    .getMessage(), "'..'");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> scr.startOutput("ckpt\n1", Flag.CHECKPOINT))
                    .getMessage(), "'ckpt?1'", "control character");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> scr.startOutput("ckpt.1")).getMessage(),
                    "at least one flag");
            assertTrue(checkpoint(scr, "ckpt.1"));
            return null;
        });
        assertEquals(List.of("ckpt.1"), List.copyOf(JobFixture.directories(job.prefix)).stream().filter(n -> !n.startsWith(".")).toList());
    }

    @Test
    void ranksPassingDifferentNamesGetTheSameErrorOnEveryRank() throws Exception {
        JobFixture job = new JobFixture(dir);
        List<String> messages = job.run(3, (scr, g) -> {
            String mine = scr.rank() == 1 ? "ckpt.one" : "ckpt.1";
            String m = assertThrows(IllegalArgumentException.class, () -> scr.startOutput(mine, Flag.CHECKPOINT)).getMessage();
            assertTrue(checkpoint(scr, "ckpt.1"));
            return m;
        });
        assertEquals(messages.get(0), messages.get(1));
        assertEquals(messages.get(0), messages.get(2));
        assertMessage(messages.get(0), "startOutput", "rank 1 passed 'ckpt.one", "rank 0 passed 'ckpt.1");
        assertEquals(List.of(1L), List.copyOf(job.cachedIds()), "the refused call created nothing");
    }

    @Test
    void aNameInvalidOnOneRankOnlyIsAnErrorOnEveryRankNotAHang() throws Exception {
        JobFixture job = new JobFixture(dir);
        List<String> messages = job.run(2, (scr, g) -> {
            String mine = scr.rank() == 1 ? ".ckpt.1" : "ckpt.1";
            String m = assertThrows(IllegalArgumentException.class, () -> scr.startOutput(mine, Flag.CHECKPOINT)).getMessage();
            assertTrue(checkpoint(scr, "ckpt.1"));
            return m;
        });
        assertEquals(messages.get(0), messages.get(1));
        assertMessage(messages.get(0), "rank 1 passed '.ckpt.1");
    }

    @Test
    void deleteRemovesADatasetFromTheCacheThePrefixAndTheIndex() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_FLUSH", "1").set("SCR_CACHE_SIZE", "2");
        job.run(2, (scr, g) -> {
            checkpoints(scr, 1, 2);
            scr.delete("ckpt.2");
            return null;
        });
        assertEquals(List.of("ckpt.1"), job.indexNames());
        assertTrue(job.index().get("current").isNull(), "ckpt.2 was current and is gone");
        assertEquals(List.of(1L), List.copyOf(job.cachedIds()));
        assertFalse(Files.exists(job.prefix.resolve("ckpt.2")));
        assertFalse(Files.exists(job.prefix.resolve(".scr4j/datasets/2")));
        assertEquals(sha256(state("ckpt.1", 1)), sha256(job.onPrefix("ckpt.1", stateFile(1))));

        // delete also works for a dataset that is only on the prefix
        PathUtils.deleteDirectory(job.cacheBase);
        job.run(2, (scr, g) -> {
            scr.delete("ckpt.1");
            assertEquals(Optional.empty(), scr.haveRestart());
            return null;
        });
        assertEquals(List.of(), job.indexNames());
        assertFalse(Files.exists(job.prefix.resolve("ckpt.1")));
        assertFalse(Files.exists(job.prefix.resolve(".scr4j/datasets/1")));
    }

    @Test
    void dropForgetsADatasetInTheIndexOnlyAndItsFilesStay() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_FLUSH", "1").set("SCR_CACHE_SIZE", "2");
        job.run(2, (scr, g) -> {
            checkpoints(scr, 1, 2);
            scr.drop("ckpt.1");
            return null;
        });
        assertEquals(List.of("ckpt.2"), job.indexNames());
        assertEquals(2, job.index().get("current").asLong());
        assertEquals(List.of(1L, 2L), List.copyOf(job.cachedIds()));
        for (int r = 0; r < 2; r++) {
            assertEquals(sha256(state("ckpt.1", r)), sha256(job.onPrefix("ckpt.1", stateFile(r))));
            assertEquals(sha256(state("ckpt.1", r)), sha256(job.cachedFile(1, r, stateFile(r))));
        }
    }

    @Test
    void deleteAndDropOfUnknownNamesAreRefusedOnEveryRank() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_FLUSH", "0").set("SCR_CACHE_SIZE", "2");
        List<List<String>> messages = job.run(2, (scr, g) -> {
            checkpoints(scr, 1, 1);
            String delete = assertThrows(IllegalArgumentException.class, () -> scr.delete("ckpt.9")).getMessage();
            String drop = assertThrows(IllegalArgumentException.class, () -> scr.drop("ckpt.9")).getMessage();
            // ckpt.1 is cached but was never flushed: the index does not know it
            String dropCached = assertThrows(IllegalArgumentException.class, () -> scr.drop("ckpt.1")).getMessage();
            return List.of(delete, drop, dropCached);
        });
        assertEquals(messages.get(0), messages.get(1));
        assertMessage(messages.get(0).get(0), "delete('ckpt.9')", "no dataset has that name");
        assertMessage(messages.get(0).get(1), "drop('ckpt.9')", "no dataset of that name");
        assertMessage(messages.get(0).get(2), "drop('ckpt.1')");
        assertEquals(restoredOnEveryRank("ckpt.1", 2), job.run(2, (scr, g) -> restart(scr)));
    }

    @Test
    void twoRanksRoutingTheSamePathCollideAndNothingIsKept() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_FLUSH", "1");
        List<Boolean> completes = job.run(2, (scr, g) -> {
            try (Output out = scr.startOutput("ckpt.1", Flag.CHECKPOINT)) {
                write(out, "state.bin", state("ckpt.1", scr.rank())); // forgot the rank in the name
                write(out, "rank." + scr.rank() + "/own.bin", new byte[] {(byte) scr.rank()});
                return out.complete(true);
            }
        });
        assertEquals(List.of(false, false), completes);
        assertEquals(List.of(), List.copyOf(job.cachedIds()));
        assertFalse(Files.exists(job.prefix.resolve("ckpt.1")));
        assertEquals(List.of(), job.indexNames());
        assertEquals(List.of(Optional.empty(), Optional.empty()), job.run(2, (scr, g) -> scr.haveRestart()));
    }
}
