package org.scr4j.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.compress.Compression;

class ConfigLayersTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAloneGiveOneRamTierAndSCRsImplicitDescriptor() {
        ScrConfig config = new ConfigFixture(dir).load();
        assertEquals("1", config.get("scr.cache.size"));
        assertEquals(ConfigLoader.DEFAULTS, config.setting("scr.cache.size").origin().text());
        assertEquals(1, config.tiers().size());
        assertEquals("ramdisk", config.tiers().get(0).type());
        assertEquals("/dev/shm/${user}/scr4j/${job}/${node}", config.tiers().get(0).base(), "${scr.cache.base} is resolved");
        assertEquals(new Descriptor(0, 1, "ram", "XOR", 8, 2, "NODE", false, true, Compression.NONE), config.descriptors().get(0));
    }

    @Test
    void eachLayerOverridesTheOneBeforeAndSaysWhereTheValueCameFrom() throws Exception {
        ConfigFixture fixture = new ConfigFixture(dir)
                .site("scr.flush", "5", "scr.cache.size", "2", "scr.set.size", "4", "scr.fetch.width", "16")
                .jobFile("job.conf", "# the job's own settings", "SCR_CACHE_SIZE=3", "SCR_SET_SIZE = 6", "SCR_FETCH_WIDTH=32")
                .env("SCR_SET_SIZE", "7")
                .env("SCR_FETCH_WIDTH", "64");
        ScrConfig config = fixture.load(Map.of("SCR_FETCH_WIDTH", "128"));
        assertEquals("5", config.get("scr.flush"));
        assertTrue(config.setting("scr.flush").origin().text().endsWith("site/scr4j-site.xml"));
        assertEquals("3", config.get("scr.cache.size"));
        assertEquals(dir.resolve("job.conf") + ":2", config.setting("scr.cache.size").origin().text());
        assertEquals("7", config.get("scr.set.size"));
        assertEquals("environment SCR_SET_SIZE", config.setting("scr.set.size").origin().text());
        assertEquals(128, config.getInt("scr.fetch.width"));
        assertEquals(Origin.program(), config.setting("scr.fetch.width").origin());
        assertEquals("false", config.get("scr.flush.on.restart"));
        assertEquals(ConfigLoader.DEFAULTS, config.setting("scr.flush.on.restart").origin().text(), "untouched keys keep defaults");
    }

    @Test
    void programOverridesTakeDottedOrSCRNames() {
        ScrConfig config = new ConfigFixture(dir).load(Map.of("scr.halt.seconds", "60", "SCR_RUNS", "3"));
        assertEquals(60, config.getLong("scr.halt.seconds"));
        assertEquals(3, config.getInt("scr.runs"));
    }

    @Test
    void referencesToOtherKeysFollowTheirEffectiveValue() throws Exception {
        ScrConfig config = new ConfigFixture(dir).env("SCR_CACHE_BASE", "/mnt/fast").load();
        assertEquals("/mnt/fast/${user}/scr4j/${job}/${node}", config.tiers().get(0).base());
    }

    @Test
    void hadoopKeysPassThroughToTheHadoopConfigurationWithTheirSource() throws Exception {
        ScrConfig config = new ConfigFixture(dir).site("dfs.replication", "1", "scr.flush", "2").load();
        assertEquals("1", config.hadoopConfiguration().get("dfs.replication"));
        String[] sources = config.hadoopConfiguration().getPropertySources("scr.flush");
        assertTrue(sources[sources.length - 1].endsWith("scr4j-site.xml"), String.join(",", sources));
    }
}
