package org.scr4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scr4j.JobFixture.flipByte;
import static org.scr4j.JobFixture.sha256;
import static org.scr4j.JobFixture.write;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A level with COMPRESS=zstd:3 SHUFFLE=8: its checkpoints reach the prefix smaller, and a restart
 * from the prefix gets the application's bytes back bit for bit, or skips a damaged copy.
 */
class CompressedFlushJobTest {
    private static final String FILE = "field.bin";

    @TempDir
    Path dir;

    /** Rank r's field in checkpoint {@code name}: 256 Ki doubles of a smooth function, different per rank and name. */
    private static byte[] field(String name, int rank) {
        ByteBuffer b = ByteBuffer.allocate(8 * (256 * 1024 + rank)).order(ByteOrder.LITTLE_ENDIAN);
        double phase = name.hashCode() % 100 / 100.0 + rank;
        for (int i = 0; b.hasRemaining(); i++) {
            double x = (i % 512) / 512.0;
            double y = (i / 512) / 512.0;
            b.putDouble(Math.sin(6.1 * x + phase) * Math.cos(4.3 * y) + 300.0 * x);
        }
        return b.array();
    }

    private static void checkpoint(Scr scr, String name) throws Exception {
        try (Output out = scr.startOutput(name, Flag.CHECKPOINT)) {
            write(out, "rank." + scr.rank() + "/" + FILE, field(name, scr.rank()));
            assertTrue(out.complete(true));
        }
    }

    /** The name restarted from and the SHA-256 of what each rank read. */
    private static String restart(Scr scr) throws Exception {
        Optional<String> name = scr.haveRestart();
        if (name.isEmpty()) {
            return "none";
        }
        try (Restart r = scr.startRestart(name.get())) {
            byte[] read = Files.readAllBytes(r.route("rank." + scr.rank() + "/" + FILE));
            assertTrue(r.complete(true));
            return name.get() + " " + sha256(read);
        }
    }

    private static List<String> restored(String name) {
        List<String> out = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            out.add(name + " " + sha256(field(name, r)));
        }
        return out;
    }

    private JobFixture job() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_FLUSH", "1").set("scr.ckpt.0.interval", "1")
                .set("scr.ckpt.0.compress", "zstd:3").set("scr.ckpt.0.shuffle", "8");
        job.run(2, (scr, g) -> {
            checkpoint(scr, "ckpt.1");
            checkpoint(scr, "ckpt.2");
            return null;
        });
        return job;
    }

    @Test
    void aCompressedLevelIsStoredSmallerOnThePrefixAndRestoresBitForBit() throws Exception {
        JobFixture job = job();
        for (int r = 0; r < 2; r++) {
            JsonNode entry = JobFixture.json(job.prefix.resolve(".scr4j/datasets/2/rank." + r + ".json")).get("files").get(0);
            assertEquals("zstd:3+shuffle8", entry.get("stored").asText());
            Path onPrefix = job.onPrefix("ckpt.2", "rank." + r + "/" + FILE);
            assertEquals(Files.size(onPrefix), entry.get("storedSize").asLong());
            assertEquals(field("ckpt.2", r).length, entry.get("size").asLong(), "the manifest's size is the original's");
            assertTrue(Files.size(onPrefix) < entry.get("size").asLong() / 1.3, "stored " + Files.size(onPrefix));
        }
        PathUtils.deleteDirectory(job.cacheBase);
        assertEquals(restored("ckpt.2"), job.run(2, (scr, g) -> restart(scr)));
    }

    @Test
    void aDamagedCompressedCopyIsSkippedAndMarkedFailedNamingTheFile() throws Exception {
        JobFixture job = job();
        PathUtils.deleteDirectory(job.cacheBase);
        flipByte(job.onPrefix("ckpt.2", "rank.1/" + FILE), 5000);
        assertEquals(restored("ckpt.1"), job.run(2, (scr, g) -> restart(scr)));
        String failed = job.entry("ckpt.2").get("failed").asText();
        assertTrue(failed.contains("'rank.1/" + FILE + "'") && failed.contains("damaged"), failed);
        assertFalse(Files.exists(job.datasetDir(2, 1)), "nothing of the bad fetch stays in the cache");
    }
}
