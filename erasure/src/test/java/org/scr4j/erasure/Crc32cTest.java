package org.scr4j.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Crc32cTest {
    @Test
    void matchesThePublishedCheckValue() {
        // RFC 3720 (iSCSI) check value of CRC32C over "123456789".
        assertEquals(0xe3069283L, Crc32c.of("123456789".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("e3069283", Crc32c.hex(0xe3069283L));
    }

    @Test
    void fileStreamBufferAndArrayAgreeOnSizesAroundTheBlock(@TempDir Path dir) throws Exception {
        Random random = new Random(42);
        for (int size : new int[] {0, 1, 4095, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 * (1 << 20) + 17}) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            Path file = dir.resolve("f" + size);
            Files.write(file, bytes);
            long expected = Crc32c.of(bytes);
            assertEquals(expected, Crc32c.of(file), "file of " + size);
            assertEquals(expected, Crc32c.of(new ByteArrayInputStream(bytes)), "stream of " + size);
            ByteBuffer direct = ByteBuffer.allocateDirect(size).put(bytes).flip();
            assertEquals(expected, Crc32c.of(direct), "direct buffer of " + size);
            assertEquals(0, direct.position(), "the buffer's position is left alone");
        }
    }

    @Test
    void oneFlippedBitChangesTheChecksum() {
        byte[] bytes = new byte[1 << 16];
        new Random(7).nextBytes(bytes);
        long before = Crc32c.of(bytes);
        bytes[12345] ^= 0x10;
        assertNotEquals(before, Crc32c.of(bytes));
    }
}
