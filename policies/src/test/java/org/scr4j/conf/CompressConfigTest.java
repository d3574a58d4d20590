package org.scr4j.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.compress.Compression;

/** A descriptor's COMPRESS= and SHUFFLE=: how a level's flushes store files on the prefix. */
class CompressConfigTest {
    @TempDir
    Path dir;

    private ConfigException refused(String... ckpt1) throws Exception {
        String line = "CKPT=1 INTERVAL=4 STORE=ram TYPE=XOR " + String.join(" ", ckpt1);
        ConfigFixture f = new ConfigFixture(dir).jobFile("job.conf", "CKPT=0 INTERVAL=1 STORE=ram", line);
        return assertThrows(ConfigException.class, f::load, line);
    }

    private static void assertMessage(ConfigException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void anSCRLineAndHadoopKeysGiveTheSameCompressedLevel() throws Exception {
        ScrConfig scr = new ConfigFixture(dir).jobFile("job.conf", "CKPT=0 INTERVAL=1 STORE=ram TYPE=XOR",
                "CKPT=1 INTERVAL=4 STORE=ram TYPE=XOR COMPRESS=zstd:3 SHUFFLE=8").load();
        ScrConfig keys = new ConfigFixture(dir).load(Map.of("scr.ckpt.0.interval", "1",
                "scr.ckpt.1.interval", "4", "scr.ckpt.1.compress", "zstd:3", "scr.ckpt.1.shuffle", "8"));
        Compression expected = Compression.zstd(3).withShuffle(8);
        assertEquals(expected, scr.descriptors().get(1).compression());
        assertEquals(expected, keys.descriptors().get(1).compression());
        assertEquals(Compression.NONE, scr.descriptors().get(0).compression(), "none is the default");
        assertEquals(Compression.zstd(3), new ConfigFixture(dir).load(Map.of("scr.ckpt.0.interval", "1", "scr.ckpt.0.compress",
                "zstd")).descriptors().get(0).compression(), "a bare zstd is level 3");
    }

    @Test
    void anUnofferedCodecOrLevelNamesTheKeyAndTheFix() throws Exception {
        assertMessage(refused("COMPRESS=gzip"), "SCR_CKPT_1_COMPRESS (scr.ckpt.1.compress) from " + dir.resolve("job.conf") + ":2",
                "'gzip' is not offered; use none, or zstd:LEVEL with LEVEL 1..19");
        assertMessage(refused("COMPRESS=zstd:99"), "scr.ckpt.1.compress", "'zstd:99' is not offered", "LEVEL 1..19", "-7..-1");
    }

    @Test
    void aShuffleThatIsNotAValueWidthNamesTheKeyAndTheWidths() throws Exception {
        for (String width : new String[] {"-1", "3", "64"}) {
            assertMessage(refused("COMPRESS=zstd:1", "SHUFFLE=" + width), "SCR_CKPT_1_SHUFFLE (scr.ckpt.1.shuffle)",
                    width + " is not offered; use the size in bytes of one value", "8 for double", "0 for no shuffle");
        }
        assertMessage(refused("SHUFFLE=8"), "scr.ckpt.1.shuffle", "does nothing without compression",
                "set compress to zstd:LEVEL");
        assertMessage(refused("COMPRESS=zstd:1", "SHUFFLE=eight"), "scr.ckpt.1.shuffle", "'eight' is not a whole number");
        assertMessage(refused("COMPRES=zstd:1"), "unknown descriptor attribute 'compres'", "compress", "shuffle");
    }
}
