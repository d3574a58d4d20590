package org.scr4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scr4j.JobFixture.checkpoints;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An index scr4j cannot read stops the job at init with a clear error, and is left exactly as it was. */
class BadIndexTest {
    @TempDir
    Path dir;

    private JobFixture jobWithTwoFlushedCheckpoints() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_FLUSH", "1").set("SCR_CACHE_SIZE", "2");
        job.run(2, (scr, g) -> {
            checkpoints(scr, 1, 2);
            return null;
        });
        return job;
    }

    private static void assertEveryRankRefused(List<Throwable> failures, String... phrases) {
        assertEquals(2, failures.size());
        for (Throwable t : failures) {
            ScrException e = assertInstanceOf(ScrException.class, t);
            for (String phrase : phrases) {
                assertTrue(e.getMessage().contains(phrase), "message should contain \"" + phrase + "\": " + e.getMessage());
            }
        }
        assertEquals(failures.get(0).getMessage(), failures.get(1).getMessage());
    }

    @Test
    void aTruncatedIndexStopsInitWithAnErrorNamingTheFileAndIsNotOverwritten() throws Exception {
        JobFixture job = jobWithTwoFlushedCheckpoints();
        byte[] whole = Files.readAllBytes(job.indexFile());
        byte[] truncated = Arrays.copyOf(whole, whole.length / 2);
        Files.write(job.indexFile(), truncated);

        assertEveryRankRefused(job.initFailures(2), job.indexFile().toString(), "not a valid scr4j index", "truncated",
                "move it aside");
        assertArrayEquals(truncated, Files.readAllBytes(job.indexFile()));
        // and nothing in the cache was touched either
        assertEquals(List.of(1L, 2L), List.copyOf(job.cachedIds()));
    }

    @Test
    void anIndexFromANewerFormatStopsInitWithAnErrorNamingTheFormat() throws Exception {
        JobFixture job = jobWithTwoFlushedCheckpoints();
        byte[] newer = "{\"format\": 99, \"current\": null, \"datasets\": [], \"shards\": 4}\n".getBytes(StandardCharsets.UTF_8);
        Files.write(job.indexFile(), newer);

        assertEveryRankRefused(job.initFailures(2), job.indexFile().toString(), "format 99", "newer scr4j",
                "reads up to 1");
        assertArrayEquals(newer, Files.readAllBytes(job.indexFile()));
        assertEquals(List.of(1L, 2L), List.copyOf(job.cachedIds()));
    }

    @Test
    void anEmptyIndexFileIsAnErrorTooNotAnEmptyIndex() throws Exception {
        JobFixture job = jobWithTwoFlushedCheckpoints();
        Files.write(job.indexFile(), new byte[0]);
        assertEveryRankRefused(job.initFailures(2), job.indexFile().toString(), "empty");
        assertEquals(0, Files.size(job.indexFile()));
    }
}
