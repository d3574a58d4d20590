package org.scr4j.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** scr4j-default.xml is the documentation: it must list exactly the keys scr4j reads. */
class DefaultsTest {
    private final Map<String, String> docs = KeyDocs.descriptions(DefaultsTest.class.getClassLoader());

    @Test
    void everyKeyHasADefaultAndADescriptionAndNothingElseIsThere() {
        Set<String> documented = docs.keySet().stream().filter(k -> !ScrKeys.TIER_KEY.matcher(k).matches())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(ScrKeys.all().keySet()), documented);
        docs.forEach((key, description) -> assertFalse(description.isBlank(), key + " has no description"));
    }

    @Test
    void everyDefaultPassesItsOwnCheckAndEmptyDefaultsAreStillListed() {
        ScrConfig config = new ConfigLoader(Map.of(), DefaultsTest.class.getClassLoader()).load(Map.of());
        config.settings().values().forEach(s -> assertNull(ScrKeys.check(s), s.key()));
        assertEquals("", config.get("scr.prefix"));
        assertEquals(ConfigLoader.DEFAULTS, config.setting("scr.job.id").origin().text());
    }

    @Test
    void environmentNamesAreSCRsParameterNames() {
        assertEquals("SCR_CACHE_SIZE", ScrKeys.envName("scr.cache.size"));
        assertEquals("scr.checkpoint.seconds", ScrKeys.dottedName("SCR_CHECKPOINT_SECONDS"));
        assertEquals("scr.tier.ssd.capacity", ScrKeys.dottedName("SCR_TIER_SSD_CAPACITY"));
    }

    @Test
    void byteCountsReadAsPeopleWriteThem() {
        assertEquals(1048576, Bytes.parse("1048576"));
        assertEquals(512 << 10, Bytes.parse("512k"));
        assertEquals(64L << 20, Bytes.parse("64MB"));
        assertEquals(4L << 30, Bytes.parse("4GiB"));
        assertEquals(3L << 29, Bytes.parse("1.5g"));
        assertEquals("4GiB", Bytes.format(4L << 30));
        assertEquals("1000", Bytes.format(1000));
        for (String bad : new String[] {"abc", "-1", "1.3", "4 parsecs", ""}) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Bytes.parse(bad), bad);
        }
    }
}
