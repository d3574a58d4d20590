package org.scr4j.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A site adds a tier type by putting a plugin jar on the class path; scr4j itself is unchanged.
 * The same scr4j command, with and without the throttled-tier plugin jar.
 */
class TierPluginTest {
    @TempDir
    Path dir;
    private Path shm;
    private Path job;

    @BeforeEach
    void jobFile() throws Exception {
        shm = Files.createTempDirectory(Path.of("/dev/shm"), "scr4j-plugin-test");
        job = Files.writeString(dir.resolve("job.conf"), String.join("\n",
                "STORE=" + shm + " NAME=ram TYPE=ramdisk",
                "STORE=" + dir.resolve("bb") + " NAME=bb TYPE=throttled BANDWIDTH=512m",
                "CKPT=0 INTERVAL=1 STORE=ram TYPE=SINGLE",
                "CKPT=1 INTERVAL=2 STORE=bb TYPE=SINGLE", ""));
    }

    @AfterEach
    void cleanShm() throws Exception {
        PathUtils.deleteDirectory(shm);
    }

    @Test
    void withoutThePluginTheTypeIsUnknownAndTheMessageListsTheKnownOnes() throws Exception {
        String withoutPlugin = Scr4jProcess.classPath(e -> !Scr4jProcess.isPluginJar(e));
        Scr4jProcess.Result result = Scr4jProcess.run(withoutPlugin, dir, Map.of("SCR_CONF_FILE", job.toString()), "tiers");
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("SCR_TIER_BB_TYPE (scr.tier.bb.type) from " + job + ":2: unknown tier type 'throttled';"
                + " known types: nvram, pfs, ramdisk, ssd"), result.toString());
    }

    @Test
    void withThePluginJarTheTierIsListedCheckedAndRoundTripsADataset() throws Exception {
        String classPath = Scr4jProcess.classPath(e -> true);
        assertTrue(classPath.contains("plugin-throttled-tier"), "the plugin is on the test class path: " + classPath);

        Scr4jProcess.Result tiers = Scr4jProcess.run(classPath, dir, Map.of("SCR_CONF_FILE", job.toString()), "tiers");
        assertEquals(0, tiers.exitCode(), tiers.toString());
        assertTrue(tiers.out().lines().anyMatch(l -> l.trim().startsWith("throttled") && l.contains("plugin ")
                && l.contains("plugin-throttled-tier")), tiers.out());
        assertTrue(tiers.out().lines().anyMatch(l -> l.trim().startsWith("bb ") && l.endsWith("OK")), tiers.out());

        Scr4jProcess.Result demo = Scr4jProcess.run(classPath, dir, Map.of("SCR_CONF_FILE", job.toString()), "roundtrip", "--size", "2");
        assertEquals(0, demo.exitCode(), demo.toString());
        assertTrue(demo.out().contains("2 of 2 tiers wrote, listed and read back dataset"), demo.out());
        assertTrue(demo.out().lines().anyMatch(l -> l.startsWith("bb ") && l.contains("throttled")), demo.out());
    }

    @Test
    void anOptionThePluginDoesNotKnowListsTheOnesItDoes() throws Exception {
        Files.writeString(job, Files.readString(job).replace("BANDWIDTH=512m", "BANDWIDTH=512m BURST=1g"));
        Scr4jProcess.Result result = Scr4jProcess.run(Scr4jProcess.classPath(e -> true), dir,
                Map.of("SCR_CONF_FILE", job.toString()), "tiers");
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("tiers of type throttled have no option 'burst'; valid: bandwidth, base, capacity, count, type"),
                result.toString());
    }
}
