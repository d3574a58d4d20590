package org.scr4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.scr4j.compress.Compression;
import org.scr4j.conf.Descriptor;

class LevelsTest {
    private static Descriptor level(int id, int interval, String tier, boolean output, boolean enabled) {
        return new Descriptor(id, interval, tier, "XOR", 8, 2, "NODE", output, enabled, Compression.NONE);
    }

    private static String tiers(Levels levels, long from, long to) {
        return String.join(",", LongStream.rangeClosed(from, to).mapToObj(c -> levels.forCheckpoint(c).tier()).toList());
    }

    @Test
    void theLargestIntervalThatDividesTheCheckpointIdWins() {
        Levels levels = new Levels(List.of(level(0, 1, "ram", false, true), level(1, 4, "ssd", false, true),
                level(2, 12, "pfs", false, true)));
        assertEquals("ram,ram,ram,ssd,ram,ram,ram,ssd,ram,ram,ram,pfs,ram,ram,ram,ssd,ram,ram,ram,ssd,ram,ram,ram,pfs",
                tiers(levels, 1, 24));
    }

    @Test
    void theOrderOfTheDescriptorsDoesNotMatter() {
        Levels levels = new Levels(List.of(level(5, 6, "c", false, true), level(3, 1, "a", false, true),
                level(4, 2, "b", false, true)));
        assertEquals("a,b,a,b,a,c,a,b,a,b,a,c", tiers(levels, 1, 12));
    }

    @Test
    void aDisabledDescriptorIsSkipped() {
        Levels levels = new Levels(List.of(level(0, 1, "ram", false, true), level(1, 2, "ssd", false, false)));
        assertEquals("ram,ram,ram,ram", tiers(levels, 1, 4));
    }

    @Test
    void twoDescriptorsOfOneIntervalGoToTheLowerId() {
        Levels levels = new Levels(List.of(level(7, 1, "late", false, true), level(2, 1, "early", false, true)));
        assertEquals("early,early,early", tiers(levels, 1, 3));
    }

    @Test
    void outputsUseTheOutputDescriptorElseTheIntervalOneDescriptor() {
        assertEquals("ram", new Levels(List.of(level(0, 1, "ram", false, true), level(1, 5, "ssd", false, true))).forOutput().tier());
        assertEquals("ssd", new Levels(List.of(level(0, 1, "ram", false, true), level(1, 5, "ssd", true, true))).forOutput().tier());
        assertEquals("ram", new Levels(List.of(level(0, 1, "ram", false, true), level(1, 5, "ssd", true, false))).forOutput().tier());
    }

    @Test
    void withoutAnEnabledIntervalOneDescriptorSomeCheckpointsWouldHaveNoLevel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Levels(List.of(level(0, 1, "ram", false, false), level(1, 2, "ssd", false, true))));
        assertTrue(e.getMessage().contains("INTERVAL=1"), e.getMessage());
    }
}
