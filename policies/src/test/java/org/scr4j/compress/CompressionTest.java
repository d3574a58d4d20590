package org.scr4j.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What a descriptor's COMPRESS= and SHUFFLE= accept, and what a prefix manifest's label reads back as. */
class CompressionTest {
    @Test
    void noneZstdAndZstdLevelParse() {
        assertEquals(Compression.NONE, Compression.parse("none"));
        assertEquals(Compression.NONE, Compression.parse(""));
        assertFalse(Compression.parse("NONE").enabled());
        assertEquals(Compression.zstd(3), Compression.parse("zstd"));
        assertEquals(Compression.zstd(19), Compression.parse("ZSTD:19"));
        assertEquals(Compression.zstd(-5), Compression.parse(" zstd:-5 "));
        assertEquals(8, Compression.parse("zstd:1", 8).shuffle());
        assertEquals(0, Compression.parse("zstd:1", 0).shuffle());
    }

    @Test
    void badValuesSayWhatIsOffered() {
        for (String bad : new String[] {"gzip", "zstd:99", "zstd:0", "zstd:-8", "zstd:", "zstd3", "lz4:1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Compression.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "' is not offered; use none, or zstd:LEVEL with LEVEL 1..19"),
                    e.getMessage());
        }
        for (int bad : new int[] {-1, 1, 3, 6, 32, 64}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Compression.zstd(1).withShuffle(bad));
            assertTrue(e.getMessage().contains(bad + " is not offered; use the size in bytes of one value"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Compression.parse("none", 8));
        assertTrue(e.getMessage().contains("does nothing without compression"), e.getMessage());
    }

    @Test
    void labelsReadBackAsTheSameCompression() {
        for (Compression c : new Compression[] {Compression.NONE, Compression.zstd(1), Compression.zstd(-7).withShuffle(16),
                Compression.zstd(19).withShuffle(8)}) {
            assertEquals(c, Compression.ofLabel(c.toString()), c.toString());
        }
        assertEquals("zstd:3+shuffle8", Compression.parse("zstd:3", 8).toString());
        assertThrows(IllegalArgumentException.class, () -> Compression.ofLabel("lz4:1"));
    }
}
