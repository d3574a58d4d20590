package org.scr4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.scr4j.JobFixture.checkpoints;
import static org.scr4j.JobFixture.restart;
import static org.scr4j.JobFixture.restoredOnEveryRank;
import static org.scr4j.JobFixture.sha256;
import static org.scr4j.JobFixture.state;
import static org.scr4j.JobFixture.stateFile;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint descriptors: every 4th checkpoint goes to the disk tier, the others to RAM. */
class LevelsPlacementTest {
    @TempDir
    Path dir;

    @Test
    void everyFourthCheckpointLandsInTheDiskTierAndTheOthersInRam() throws Exception {
        Path disk = dir.resolve("ssd");
        JobFixture job = new JobFixture(dir)
                .set("scr.tiers", "ram,disk")
                .set("scr.tier.disk.type", "ssd")
                .set("scr.tier.disk.base", disk.toString())
                .set("scr.ckpt.0.interval", "1").set("scr.ckpt.0.store", "ram")
                .set("scr.ckpt.1.interval", "4").set("scr.ckpt.1.store", "disk")
                .set("SCR_CACHE_SIZE", "10").set("SCR_FLUSH", "0");
        job.run(2, (scr, g) -> {
            checkpoints(scr, 1, 9);
            return null;
        });
        List<String> placed = new ArrayList<>();
        for (int id = 1; id <= 9; id++) {
            for (int r = 0; r < 2; r++) {
                Path tierDir = id % 4 == 0 ? disk : job.cacheDir();
                Path datasetDir = tierDir.resolve("dataset." + id + ".rank." + r);
                JsonNode manifest = JobFixture.json(datasetDir.resolve("manifest.json"));
                assertEquals(id, manifest.get("dataset").get("checkpointId").asLong());
                assertEquals("SINGLE", manifest.get("dataset").get("scheme").asText(), "one node: nothing else to protect against");
                assertEquals(sha256(state("ckpt." + id, r)), sha256(datasetDir.resolve("files").resolve(stateFile(r))));
                if (r == 0) {
                    placed.add(id + ":" + manifest.get("dataset").get("tier").asText());
                }
            }
        }
        assertEquals(List.of("1:ram", "2:ram", "3:ram", "4:disk", "5:ram", "6:ram", "7:ram", "8:disk", "9:ram"), placed);
        assertEquals(List.of("dataset.4.rank.0", "dataset.4.rank.1", "dataset.8.rank.0", "dataset.8.rank.1"),
                List.copyOf(JobFixture.directories(disk)));
        assertFalse(Files.exists(job.cacheDir().resolve("dataset.4.rank.0")));

        // a restart finds the newest across both tiers: ckpt.9 in RAM; without it, ckpt.8 on disk
        assertEquals(restoredOnEveryRank("ckpt.9", 2), job.run(2, (scr, g) -> restart(scr)));
        PathUtils.deleteDirectory(job.cacheDir().resolve("dataset.9.rank.1"));
        assertEquals(restoredOnEveryRank("ckpt.8", 2), job.run(2, (scr, g) -> restart(scr)));
    }
}
