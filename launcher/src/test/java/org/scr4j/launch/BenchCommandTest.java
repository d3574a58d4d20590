package org.scr4j.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'scr4j bench' end to end, small: three rank JVMs checkpoint with every scheme, lose a node,
 * rebuild, and check the restarted bytes (a mismatch makes the command fail); the JSON has every
 * field the issue names. With --flush, two ranks flush every checkpoint, synchronously and in the
 * background, and check the flushed bytes against the written ones. Figures are not judged here:
 * speed is for the benchmark itself.
 */
class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void everySchemeCheckpointsRebuildsAndReportsItsFigures() throws Exception {
        Path json = dir.resolve("bench.json");
        Scr4jProcess.Result result = Scr4jProcess.run(Scr4jProcess.classPath(e -> true), dir, Map.of(), "bench", "--nodes", "3",
                "--size", "3MiB", "--rounds", "1", "--tier", "ssd", "--base", dir.resolve("cache").toString(), "--json",
                json.toString());
        assertEquals(0, result.exitCode(), result.toString());
        JsonNode all = new ObjectMapper().readTree(json.toFile());
        assertEquals(4, all.size(), result.toString());
        List<String> schemes = List.of("SINGLE", "PARTNER", "XOR", "RS");
        for (int i = 0; i < 4; i++) {
            JsonNode r = all.get(i);
            assertEquals(schemes.get(i), r.get("scheme").asText());
            assertEquals(3, r.get("ranks").asInt());
            assertEquals(3 << 20, r.get("bytes_per_rank").asLong());
            for (String key : List.of("checkpoint_seconds", "encode_seconds", "raw_write_seconds")) {
                assertTrue(r.get(key).asDouble() > 0, key + " of " + r);
            }
            assertEquals(i > 0, r.has("rebuild_seconds") && r.get("rebuild_seconds").asDouble() > 0, r.toString());
            assertFalse(r.has("rebuild2_seconds"), "three nodes are too few to lose two with RS(2): " + r);
        }
        assertTrue(result.out().contains("| XOR |"), result.out());
        assertFalse(Files.exists(dir.resolve("cache")), "the bench removes its cache directory");
    }

    @Test
    void flushBenchFlushesEveryCheckpointIntactAndReportsFlushAgainstCp() throws Exception {
        Path json = dir.resolve("flush.json");
        Path prefix = dir.resolve("prefix");
        Scr4jProcess.Result result = Scr4jProcess.run(Scr4jProcess.classPath(e -> true), dir, Map.of(), "bench", "--flush",
                "--nodes", "2", "--size", "8MiB", "--rounds", "1", "--tier", "ssd", "--base", dir.resolve("cache").toString(),
                "--prefix", prefix.toString(), "--json", json.toString());
        assertEquals(0, result.exitCode(), result.toString());
        JsonNode all = new ObjectMapper().readTree(json.toFile());
        assertEquals(1, all.size(), result.toString());
        JsonNode r = all.get(0);
        assertEquals("flush", r.get("bench").asText());
        assertEquals("SINGLE", r.get("scheme").asText());
        assertEquals(2, r.get("ranks").asInt());
        assertEquals("ssd", r.get("tier").asText());
        assertEquals(prefix.toString(), r.get("prefix").asText());
        assertEquals(16L << 20, r.get("bytes").asLong(), r.toString());
        assertEquals(16L << 20, r.get("flushed_bytes").asLong(), "the flush event counts every rank's bytes: " + r);
        assertEquals(2, r.get("async_flushes").asInt(), "the warm-up and the measured checkpoint were both flushed: " + r);
        for (String key : List.of("flush_seconds", "cp_seconds", "sync_stall_seconds", "async_stall_seconds", "flush_ratio",
                "stall_ratio", "compute_seconds", "noflush_stall_seconds")) {
            assertTrue(r.has(key) && r.get(key).asDouble() > 0, key + " of " + r);
        }
        assertTrue(result.out().contains("| flush / cp bandwidth |"), result.out());
        assertFalse(Files.exists(prefix), "the bench removes its prefix");
        assertFalse(Files.exists(dir.resolve("cache")), "the bench removes its cache directory");
    }

    @Test
    void flushBenchRefusesSchemesAndAPrefixThatHoldsFiles() throws Exception {
        Scr4jProcess.Result schemes = Scr4jProcess.run(Scr4jProcess.classPath(e -> true), dir, Map.of(), "bench", "--flush",
                "--schemes", "XOR");
        assertEquals(2, schemes.exitCode(), schemes.toString());
        assertTrue(schemes.err().contains("--schemes does not apply to --flush"), schemes.toString());

        Path full = Files.createDirectories(dir.resolve("full"));
        Files.writeString(full.resolve("keep.txt"), "mine");
        Scr4jProcess.Result prefix = Scr4jProcess.run(Scr4jProcess.classPath(e -> true), dir, Map.of(), "bench", "--flush",
                "--prefix", full.toString());
        assertEquals(2, prefix.exitCode(), prefix.toString());
        assertTrue(prefix.err().contains("is not an empty directory"), prefix.toString());
        assertEquals("mine", Files.readString(full.resolve("keep.txt")), "a prefix that holds files is left alone");
    }
}
