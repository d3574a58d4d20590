package org.scr4j.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfCommandTest {
    @TempDir
    Path dir;

    private JsonNode setting(JsonNode root, String key) {
        for (JsonNode s : root.get("settings")) {
            if (s.get("key").asText().equals(key)) {
                return s;
            }
        }
        throw new AssertionError(key + " is not listed");
    }

    @Test
    void confExplainsEveryValueAndWhereItCameFromAsJson() throws Exception {
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("scr4j-site.xml"),
                "<configuration><property><name>scr.flush</name><value>5</value></property></configuration>");
        Path job = Files.writeString(dir.resolve("job.conf"), "SCR_CACHE_SIZE=3\nSTORE=/tmp/ssd NAME=ssd\n");
        Map<String, String> env = new HashMap<>();
        env.put("SCR4J_CONF_DIR", site.toString());
        env.put("SCR_CONF_FILE", job.toString());
        env.put("SCR_SET_SIZE", "4");

        Scr4jProcess.Result result = Scr4jProcess.run(Scr4jProcess.classPath(e -> true), dir, env, "conf", "--json");
        assertEquals(0, result.exitCode(), result.toString());
        JsonNode root = new ObjectMapper().readTree(result.out());

        assertEquals("5", setting(root, "scr.flush").get("value").asText());
        assertTrue(setting(root, "scr.flush").get("origin").asText().endsWith("scr4j-site.xml"));
        assertEquals(job + ":1", setting(root, "scr.cache.size").get("origin").asText());
        assertEquals("environment SCR_SET_SIZE", setting(root, "scr.set.size").get("origin").asText());
        assertEquals("SCR_FETCH_WIDTH", setting(root, "scr.fetch.width").get("env").asText());
        assertFalse(setting(root, "scr.fetch.width").get("description").asText().isBlank());
        for (JsonNode s : root.get("settings")) {
            assertFalse(s.get("origin").asText().isBlank(), s.toString());
        }
        assertEquals("ssd", root.get("tiers").get(1).get("name").asText());
        assertEquals(1, root.get("descriptors").get(0).get("interval").asInt());
    }

    @Test
    void confPrintsATableOfValuesAndOrigins() throws Exception {
        Scr4jProcess.Result result = Scr4jProcess.run(Scr4jProcess.classPath(e -> true), dir, Map.of("SCR_FLUSH", "3"), "conf");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().lines().anyMatch(l -> l.matches("scr\\.flush\\s+= 3\\s+\\[environment SCR_FLUSH]")), result.out());
        assertTrue(result.out().contains("CKPT=0 INTERVAL=1 STORE=ram TYPE=XOR"), result.out());
    }

    @Test
    void aBadValueExitsTwoWithOneClearLineAndNoStackTrace() throws Exception {
        Scr4jProcess.Result result = Scr4jProcess.run(Scr4jProcess.classPath(e -> true), dir, Map.of("SCR_CACHE_SIZE", "abc"), "conf");
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("SCR_CACHE_SIZE (scr.cache.size) from environment SCR_CACHE_SIZE: 'abc' is not"),
                result.toString());
        assertFalse(result.err().contains("\tat "), "no stack trace: " + result.err());
    }
}
