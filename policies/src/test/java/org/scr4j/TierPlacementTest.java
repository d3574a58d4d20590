package org.scr4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scr4j.JobFixture.checkpoint;
import static org.scr4j.JobFixture.checkpoints;
import static org.scr4j.JobFixture.restart;
import static org.scr4j.JobFixture.restoredOnEveryRank;
import static org.scr4j.JobFixture.sha256;
import static org.scr4j.JobFixture.state;
import static org.scr4j.JobFixture.stateFile;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two cache tiers, RAM then disk: retention per tier moves checkpoints down; an unhealthy tier is skipped. */
class TierPlacementTest {
    private static final int RANKS = 3;

    @TempDir
    Path dir;

    private JobFixture twoTiers(Path disk) throws Exception {
        return new JobFixture(dir)
                .set("scr.tiers", "ram,disk")
                .set("scr.tier.ram.count", "2")
                .set("scr.tier.disk.type", "ssd")
                .set("scr.tier.disk.base", disk.toString())
                .set("scr.tier.disk.count", "3")
                .set("SCR_FLUSH", "0");
    }

    /** Where each dataset's parts are, as "id:tier", checking every rank's bytes and manifest on the way. */
    private static List<String> placed(JobFixture job, Path disk, int... ids) throws Exception {
        List<String> placed = new ArrayList<>();
        for (int id : ids) {
            String tier = null;
            for (int r = 0; r < RANKS; r++) {
                String name = "dataset." + id + ".rank." + r;
                boolean inRam = JobFixture.directories(job.cacheDir()).contains(name);
                boolean onDisk = JobFixture.directories(disk).contains(name);
                assertTrue(inRam != onDisk, "dataset " + id + " rank " + r + " must be on exactly one tier");
                Path part = (inRam ? job.cacheDir() : disk).resolve(name);
                JsonNode manifest = JobFixture.json(part.resolve("manifest.json"));
                assertEquals(inRam ? "ram" : "disk", manifest.get("dataset").get("tier").asText(), "the manifest names its tier");
                assertEquals(sha256(state("ckpt." + id, r)), sha256(part.resolve("files").resolve(stateFile(r))));
                tier = inRam ? "ram" : "disk";
            }
            placed.add(id + ":" + tier);
        }
        return placed;
    }

    @Test
    void aFullRamTierMovesItsOldestDownAndEachRetainedCheckpointRestartsFromWhereItLives() throws Exception {
        Path disk = dir.resolve("disk");
        JobFixture job = twoTiers(disk);
        job.run(RANKS, (scr, g) -> {
            checkpoints(scr, 1, 6);
            return null;
        });
        // RAM keeps 2, the disk 3: ckpt.1 went down first and was deleted from the disk when ckpt.4 came.
        assertEquals(List.of("2:disk", "3:disk", "4:disk", "5:ram", "6:ram"), placed(job, disk, 2, 3, 4, 5, 6));
        assertTrue(JobFixture.directories(disk).stream().noneMatch(d -> d.startsWith("dataset.1.")));
        long moves = job.events().stream().filter(e -> e.get("event").asText().equals("demote")).count();
        assertEquals(4, moves, "ckpt.1 to ckpt.4 were each moved from ram to disk once");

        assertEquals(restoredOnEveryRank("ckpt.6", RANKS), job.run(RANKS, (scr, g) -> restart(scr)));
        // An older checkpoint that lives on the disk now: restart from it, bit for bit.
        assertEquals(restoredOnEveryRank("ckpt.3", RANKS), job.run(RANKS, (scr, g) -> {
            scr.current("ckpt.3");
            return restart(scr);
        }));
    }

    @Test
    void whenTheLevelsTierIsUnhealthyTheCheckpointGoesToTheNextTier() throws Exception {
        Path disk = dir.resolve("disk");
        JobFixture job = twoTiers(disk);
        job.run(RANKS, (scr, g) -> {
            assertTrue(checkpoint(scr, "ckpt.1"));
            g.barrier();
            if (scr.rank() == 0) {
                // The RAM disk's directory disappears (unmounted, cleaned by another job).
                PathUtils.deleteDirectory(job.cacheDir());
            }
            g.barrier();
            assertTrue(checkpoint(scr, "ckpt.2"));
            return null;
        });
        assertEquals(List.of("2:disk"), placed(job, disk, 2));
        assertEquals(restoredOnEveryRank("ckpt.2", RANKS), job.run(RANKS, (scr, g) -> restart(scr)));
    }
}
