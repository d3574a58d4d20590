package org.scr4j.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every mistake names the key, where it was set, and what is valid; nothing is silently ignored. */
class ConfigErrorsTest {
    @TempDir
    Path dir;

    private static void assertMessage(ConfigException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void aMalformedValueFromTheEnvironmentNamesTheVariableAndTheExpectedForm() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigFixture(dir).env("SCR_CACHE_SIZE", "abc").load());
        assertMessage(e, "SCR_CACHE_SIZE (scr.cache.size) from environment SCR_CACHE_SIZE", "'abc'", "a whole number of 1 or more");
    }

    @Test
    void aMalformedByteCountInAFileNamesTheFileAndLine() throws Exception {
        ConfigFixture f = new ConfigFixture(dir).jobFile("job.conf", "", "STORE=/ssd CAPACITY=lots");
        ConfigException e = assertThrows(ConfigException.class, f::load);
        assertMessage(e, "SCR_TIER_SSD_CAPACITY", dir.resolve("job.conf") + ":2", "'lots'", "64MB");
    }

    @Test
    void anUnknownKeyIsAnErrorWithASuggestion() throws Exception {
        ConfigFixture f = new ConfigFixture(dir).jobFile("job.conf", "SCR_CACHE_SIZ=2");
        ConfigException e = assertThrows(ConfigException.class, f::load);
        assertMessage(e, "SCR_CACHE_SIZ", "job.conf:1", "unknown key", "did you mean SCR_CACHE_SIZE (scr.cache.size)?");
    }

    @Test
    void anUnknownSCRVariableInTheEnvironmentIsAnErrorToo() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigFixture(dir).env("SCR_DEBUG", "1").load());
        assertMessage(e, "SCR_DEBUG (scr.debug) from environment SCR_DEBUG: unknown key");
    }

    @Test
    void anUnknownKeyInTheSiteXmlIsAnError() throws Exception {
        ConfigFixture f = new ConfigFixture(dir).site("scr.flussh", "3");
        ConfigException e = assertThrows(ConfigException.class, f::load);
        assertMessage(e, "scr.flussh", "scr4j-site.xml", "did you mean SCR_FLUSH (scr.flush)?");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigFixture(dir).env("SCR_FLUSH", "-1").env("SCR_COPY_TYPE", "RAID6").load());
        assertEquals(2, e.problems().size(), e.getMessage());
        assertMessage(e, "SCR_FLUSH", "0 or more", "SCR_COPY_TYPE", "one of SINGLE, PARTNER, XOR, RS");
    }

    @Test
    void twoTiersWithOneNameNameBothLines() throws Exception {
        ConfigFixture f = new ConfigFixture(dir).jobFile("job.conf", "STORE=/a/ssd", "STORE=/b/ssd");
        ConfigException e = assertThrows(ConfigException.class, f::load);
        assertMessage(e, "job.conf:2", "two tiers named 'ssd'", "line 1", "NAME=");
    }

    @Test
    void aTierListedTwiceIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigFixture(dir).env("SCR_TIERS", "ram,ram").load());
        assertMessage(e, "SCR_TIERS", "two tiers named 'ram'");
    }

    @Test
    void aDescriptorNamingAnUnknownTierListsTheTiers() throws Exception {
        ConfigFixture f = new ConfigFixture(dir).jobFile("job.conf", "CKPT=0 INTERVAL=1 STORE=/nvme TYPE=XOR");
        ConfigException e = assertThrows(ConfigException.class, f::load);
        assertMessage(e, "SCR_CKPT_0_STORE", "job.conf:1", "no tier is named or based at '/nvme'", "tiers: ram (/dev/shm/");
    }

    @Test
    void anUnknownDescriptorAttributeListsTheValidOnes() throws Exception {
        ConfigFixture f = new ConfigFixture(dir).jobFile("job.conf", "CKPT=0 INTERVAL=1 SETSIZE=4");
        ConfigException e = assertThrows(ConfigException.class, f::load);
        assertMessage(e, "unknown descriptor attribute 'setsize'", "set.size");
    }

    @Test
    void withoutAnIntervalOneDescriptorSomeCheckpointsWouldHaveNoLevel() throws Exception {
        ConfigFixture f = new ConfigFixture(dir).jobFile("job.conf", "CKPT=0 INTERVAL=2");
        ConfigException e = assertThrows(ConfigException.class, f::load);
        assertMessage(e, "no enabled checkpoint descriptor has INTERVAL=1");
    }

    @Test
    void anUndefinedVariableInAnSCRFileIsAnError() throws Exception {
        ConfigFixture f = new ConfigFixture(dir).jobFile("job.conf", "SCR_PREFIX=$NO_SUCH_DIR/ckpt");
        ConfigException e = assertThrows(ConfigException.class, f::load);
        assertMessage(e, "job.conf:1", "$NO_SUCH_DIR is not set");
    }

    @Test
    void settingsOfATierThatIsNotListedAreAnError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigFixture(dir).env("SCR_TIER_SSD_BASE", "/ssd").load());
        assertMessage(e, "SCR_TIER_SSD_BASE", "tier 'ssd' is not listed in scr.tiers");
    }

    @Test
    void aListedTierWithoutATypeIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigFixture(dir).env("SCR_TIERS", "ram,ssd").load());
        assertMessage(e, "tier 'ssd'", "has no scr.tier.ssd.type");
    }

    @Test
    void scrSettingsScr4jDoesNotOfferSayWhy() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigFixture(dir).env("SCR_CACHE_BYPASS", "1").load());
        assertMessage(e, "SCR_CACHE_BYPASS", "always writes datasets to the cache first");
        assertFalse(new ConfigFixture(dir).env("SCR_CACHE_BYPASS", "0").load().getBoolean("scr.cache.bypass"),
                "the value scr4j follows anyway is accepted, so SCR scripts carry over");
    }

    @Test
    void aMissingJobFileIsAnError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigFixture(dir).env("SCR_CONF_FILE", dir.resolve("missing.conf").toString()).load());
        assertMessage(e, "SCR_CONF_FILE names", "missing.conf", "not a readable file");
    }

    @Test
    void brokenXmlIsAnErrorNamingTheFile() throws Exception {
        ConfigFixture f = new ConfigFixture(dir).jobFile("job.xml", "<configuration><property><name>scr.flush</name>");
        ConfigException e = assertThrows(ConfigException.class, f::load);
        assertMessage(e, "job.xml", "Hadoop configuration XML");
    }

    @Test
    void aLineThatIsNotKeyValueIsAnError() throws Exception {
        ConfigFixture f = new ConfigFixture(dir).jobFile("job.conf", "SCR_FLUSH 4");
        ConfigException e = assertThrows(ConfigException.class, f::load);
        assertMessage(e, "job.conf:1", "cannot read 'SCR_FLUSH 4'");
    }

    @Test
    void anUnknownTierTypeListsTheKnownTypes() throws Exception {
        ScrConfig config = new ConfigFixture(dir).jobFile("job.conf", "STORE=/bb NAME=bb TYPE=burstbuffer").load();
        ConfiguredTiers tiers = Guice.createInjector(new ScrModule(config)).getInstance(ConfiguredTiers.class);
        ConfigException e = assertThrows(ConfigException.class, tiers::check);
        assertMessage(e, "SCR_TIER_BB_TYPE", "job.conf:1", "unknown tier type 'burstbuffer'", "known types: nvram, pfs, ramdisk, ssd");
    }

    @Test
    void anOptionTheTierTypeDoesNotHaveListsTheValidOnes() throws Exception {
        ScrConfig config = new ConfigFixture(dir).jobFile("job.conf", "STORE=/nv NAME=nv TYPE=nvram SYNK=msync").load();
        ConfiguredTiers tiers = Guice.createInjector(new ScrModule(config)).getInstance(ConfiguredTiers.class);
        ConfigException e = assertThrows(ConfigException.class, tiers::check);
        assertMessage(e, "SCR_TIER_NV_SYNK", "job.conf:1", "no option 'synk'", "valid: base, capacity, count, sync, type");
    }

    @Test
    void twoTiersSharingADirectoryIsAnError() throws Exception {
        ConfigFixture f = new ConfigFixture(dir).jobFile("job.conf", "STORE=/ssd/${user} NAME=a", "STORE=/ssd/${user} NAME=b");
        ConfigException e = assertThrows(ConfigException.class, f::load);
        assertMessage(e, "tiers 'a' and 'b' share the base /ssd/${user}");
    }

    @Test
    void aSelfReferenceIsAnError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigFixture(dir).load(Map.of("scr.cache.base", "${scr.cache.base}/x")));
        assertMessage(e, "refers to itself");
    }
}
