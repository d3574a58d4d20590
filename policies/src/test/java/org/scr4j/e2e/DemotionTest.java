package org.scr4j.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.fault.CrashPoints;
import org.scr4j.testing.RankProcesses;

/**
 * Demotion under pressure, with real processes on four simulated nodes: the RAM tier keeps two
 * datasets and moves older ones down to the SSD tier with their XOR parity, so a node lost after
 * the move is still rebuilt from the SSD; a rank killed mid-move leaves every node agreeing on one
 * copy.
 */
class DemotionTest {
    private static final List<String> FOUR = List.of("node0", "node1", "node2", "node3");
    private static final long BYTES = 1 << 20;

    @TempDir
    Path dir;

    /** The dataset directories of every node on a tier ("ram" or "ssd"), as "node:dirname". */
    private static TreeSet<String> parts(MultiNodeJob job, String tier) throws IOException {
        TreeSet<String> found = new TreeSet<>();
        Path base = tier.equals("ram") ? job.shm.resolve("ram") : job.dir.resolve("ssd");
        for (String node : FOUR) {
            Path nodeDir = base.resolve(node);
            if (!Files.isDirectory(nodeDir)) {
                continue;
            }
            try (var walk = Files.walk(nodeDir)) {
                walk.filter(p -> p.getFileName().toString().matches("dataset\\.\\d+\\.rank\\.\\d+"))
                        .forEach(p -> found.add(node + ":" + p.getFileName().toString().replaceAll("\\.rank\\.\\d+", "")));
            }
        }
        return found;
    }

    private static TreeSet<String> onEveryNode(int... ids) {
        TreeSet<String> all = new TreeSet<>();
        for (String node : FOUR) {
            for (int id : ids) {
                all.add(node + ":dataset." + id);
            }
        }
        return all;
    }

    @Test
    void checkpointsMovedDownWithTheirParityAreRebuiltFromTheSlowerTierBitForBit() throws Exception {
        try (MultiNodeJob job = new MultiNodeJob(dir, FOUR, BYTES, "CKPT=0 INTERVAL=1 STORE=ram TYPE=XOR SET_SIZE=4",
                "SCR_FLUSH=0")) {
            List<String> out = job.run("write", "1", "4");
            assertTrue(out.get(0).contains("moved ckpt.1 (id 1) from tier 'ram' down to 'ssd'"), out.get(0));
            assertEquals(onEveryNode(3, 4), parts(job, "ram"), "RAM keeps its two newest (COUNT=2)");
            assertEquals(onEveryNode(1, 2), parts(job, "ssd"), "the older two were moved down, not deleted");

            // Every node loses its RAM disk, and node2 loses everything: ckpt.2 on the SSDs is the newest
            // left, and node2's part of it comes back from the XOR parity that moved down with it.
            for (String node : FOUR) {
                FileUtils.deleteDirectory(job.shm.resolve("ram").resolve(node).toFile());
            }
            job.wipe(List.of("node2"));
            List<String> restarted = job.run("restart");
            MultiNodeJob.assertRestartedFrom("ckpt.2", restarted);
            assertTrue(restarted.get(0).contains("rebuilt the part(s) of rank(s) [2] of ckpt.2"), restarted.get(0));
        }
    }

    @Test
    void aRankKilledMidMoveLeavesOneCopyThatEveryNodeAgreesOn() throws Exception {
        try (MultiNodeJob job = new MultiNodeJob(dir, FOUR, BYTES, "CKPT=0 INTERVAL=1 STORE=ram TYPE=XOR SET_SIZE=4",
                "SCR_FLUSH=0")) {
            job.run("write", "1", "2");
            // ckpt.3 makes room by moving ckpt.1 down; rank 1 dies once every rank copied it, before any old copy is deleted.
            try (RankProcesses ranks = job.launch("write", "3", "3")
                    .jvmOptions(1, "-D" + CrashPoints.PROPERTY + "=" + CrashPoints.DEMOTE_COPIED).start()) {
                assertEquals(CrashPoints.STATUS, ranks.waitFor(1, MultiNodeJob.STEP), ranks.output(1));
                ranks.waitForAll(MultiNodeJob.STEP);
            }
            assertTrue(parts(job, "ssd").contains("node1:dataset.1"), "rank 1 copied ckpt.1 down before it died");
            List<String> restarted = job.run("restart");
            MultiNodeJob.assertRestartedFrom("ckpt.2", restarted);
            TreeSet<String> ram = parts(job, "ram");
            TreeSet<String> ssd = parts(job, "ssd");
            for (String node : FOUR) {
                assertTrue(ram.contains(node + ":dataset.1") != ssd.contains(node + ":dataset.1"),
                        "ckpt.1 is on exactly one tier of " + node + ": ram " + ram + ", ssd " + ssd);
                assertEquals(ssd.contains("node0:dataset.1"), ssd.contains(node + ":dataset.1"), "every node chose the same tier");
            }
            // ckpt.1 is still whole: with node3 and every RAM disk gone, it is rebuilt from the SSDs.
            job.wipe(List.of("node3"));
            for (String node : FOUR) {
                FileUtils.deleteDirectory(job.shm.resolve("ram").resolve(node).toFile());
            }
            MultiNodeJob.assertRestartedFrom("ckpt.1", job.run("restart"));
        }
    }
}
