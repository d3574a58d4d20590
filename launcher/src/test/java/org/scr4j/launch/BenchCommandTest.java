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
 * field the issue names. Figures are not judged here: speed is for the benchmark itself.
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
}
