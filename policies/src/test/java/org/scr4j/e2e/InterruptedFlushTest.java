package org.scr4j.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scr4j.fault.CrashPoints;
import org.scr4j.testing.RankProcesses;

/**
 * A rank killed at a random point of a flush, synchronous or in the background: the index never
 * names a dataset as flushed unless every rank's files are on the prefix whole, the next run
 * restarts and finishes the flush, and with every cache wiped the job restarts from the prefix.
 */
class InterruptedFlushTest {
    private static final List<String> THREE = List.of("node0", "node1", "node2");
    private static final long BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where a flush can be cut off, and how many times each point is reached before the kill (at most). */
    private static final List<String> POINTS = List.of(CrashPoints.FLUSH_FILE + ":", CrashPoints.BEFORE_INDEX + ":",
            CrashPoints.CONTROL_REPLACE + ":");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void aRankKilledAtARandomPointOfAFlushLeavesAnIndexThatNamesOnlyWholeDatasets(boolean async) throws Exception {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        String point = POINTS.get(random.nextInt(POINTS.size())) + (1 + random.nextInt(4));
        int victim = point.startsWith(CrashPoints.BEFORE_INDEX) ? 0 : random.nextInt(THREE.size());
        String trial = "seed " + seed + ": rank " + victim + " killed at " + point + ", async " + async;
        try (MultiNodeJob job = new MultiNodeJob(dir, THREE, BYTES, "CKPT=0 INTERVAL=1 STORE=ram TYPE=XOR SET_SIZE=3",
                "SCR_FLUSH=1", "SCR_FLUSH_ASYNC=" + (async ? 1 : 0))) {
            boolean killed;
            try (RankProcesses ranks = job.launch("write", "1", "4")
                    .jvmOptions(victim, "-D" + CrashPoints.PROPERTY + "=" + point).start()) {
                List<Integer> codes = ranks.waitForAll(MultiNodeJob.STEP);
                killed = codes.get(victim) == CrashPoints.STATUS;
                if (!killed) {
                    assertEquals(List.of(0, 0, 0), codes, trial + ": the point was never reached, so the job must finish");
                }
            }
            assertIndexNamesOnlyWholeDatasets(job.dir.resolve("prefix"), trial);

            List<String> restarted = job.run("restart");
            for (String out : restarted) {
                assertTrue(out.contains("RESTARTED ") && out.contains(" OK"), trial + (killed ? "" : " (not reached)") + ":\n" + out);
            }
            assertIndexNamesOnlyWholeDatasets(job.dir.resolve("prefix"), trial);

            // Every cache is gone: the job restarts from the newest flushed checkpoint, fetched bit for bit.
            job.wipe(THREE);
            String newest = newestFlushed(job.dir.resolve("prefix"));
            assertTrue(newest != null, trial + ": the restart run flushes the checkpoint it restarted from at the latest");
            MultiNodeJob.assertRestartedFrom(newest, job.run("restart"));
        }
    }

    private static List<JsonNode> flushedEntries(Path prefix) throws IOException {
        Path index = prefix.resolve(".scr4j").resolve("index");
        List<JsonNode> flushed = new ArrayList<>();
        if (Files.exists(index)) {
            for (JsonNode e : JSON.readTree(index.toFile()).get("datasets")) {
                if (e.hasNonNull("flushed")) {
                    flushed.add(e);
                }
            }
        }
        return flushed;
    }

    private static String newestFlushed(Path prefix) throws IOException {
        List<JsonNode> flushed = flushedEntries(prefix);
        return flushed.isEmpty() ? null : flushed.get(flushed.size() - 1).get("name").asText();
    }

    /** Every dataset the index calls flushed has every rank's manifest and every file, with its size and CRC32C. */
    static void assertIndexNamesOnlyWholeDatasets(Path prefix, String trial) throws IOException {
        for (JsonNode e : flushedEntries(prefix)) {
            String name = e.get("name").asText();
            for (int r = 0; r < e.get("ranks").asInt(); r++) {
                Path manifest = prefix.resolve(".scr4j").resolve("datasets").resolve(e.get("id").asText()).resolve("rank." + r + ".json");
                assertTrue(Files.exists(manifest), trial + ": " + name + " is listed as flushed without " + manifest);
                for (JsonNode f : JSON.readTree(manifest.toFile()).get("files")) {
                    Path file = prefix.resolve(name).resolve(f.get("path").asText());
                    assertTrue(Files.exists(file), trial + ": " + name + " is listed as flushed without " + file);
                    byte[] bytes = Files.readAllBytes(file);
                    CRC32C crc = new CRC32C();
                    crc.update(bytes);
                    assertEquals(f.get("size").asLong(), bytes.length, trial + ": size of " + file);
                    assertEquals(f.get("crc32c").asText().toLowerCase(Locale.ROOT),
                            String.format("%08x", crc.getValue()), trial + ": CRC32C of " + file);
                }
            }
        }
    }
}
