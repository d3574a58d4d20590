package org.scr4j.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.scr4j.dataset.FileEntry;

class VerifierTest {
    private static byte[] data(int size) {
        byte[] bytes = new byte[size];
        new SplittableRandom(42).nextBytes(bytes);
        return bytes;
    }

    private static FileEntry entryOf(String path, byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return new FileEntry(path, bytes.length, crc.getValue());
    }

    @Test
    void theKnownCrc32cOf123456789Matches() throws IOException {
        // the check value of CRC-32C (Castagnoli) from the catalogue of CRC algorithms
        byte[] nine = "123456789".getBytes(StandardCharsets.US_ASCII);
        FileEntry entry = new FileEntry("check", 9, 0xE3069283L);
        assertNull(Verifier.check(new ByteArrayInputStream(nine), entry, 4));
        assertEquals("e3069283", entry.crcHex().replaceFirst("^0x", "").toLowerCase());
    }

    @Test
    void copyPassesEveryByteThroughWhateverTheBufferSize() throws IOException {
        byte[] bytes = data(100_003);
        FileEntry entry = entryOf("f", bytes);
        for (int buffer : new int[] {1, 7, 4096, 1 << 20}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertNull(Verifier.copy(new ByteArrayInputStream(bytes), out, entry, buffer));
            assertArrayEquals(bytes, out.toByteArray(), "buffer " + buffer);
        }
    }

    @Test
    void anEmptyFileIsFine() throws IOException {
        assertNull(Verifier.check(new ByteArrayInputStream(new byte[0]), entryOf("empty", new byte[0]), 16));
    }

    @Test
    void oneFlippedByteIsACrcMismatchNamingBothValues() throws IOException {
        byte[] bytes = data(5000);
        FileEntry entry = entryOf("f", bytes);
        byte[] damaged = bytes.clone();
        damaged[4321] ^= 0x01;
        CRC32C crc = new CRC32C();
        crc.update(damaged);
        String problem = Verifier.check(new ByteArrayInputStream(damaged), entry, 1024);
        assertEquals("CRC32C mismatch: the manifest records " + entry.crcHex() + ", the file has "
                + new FileEntry("f", 5000, crc.getValue()).crcHex(), problem);
    }

    @Test
    void aShortOrLongFileIsASizeMismatch() throws IOException {
        byte[] bytes = data(5000);
        FileEntry entry = entryOf("f", bytes);
        assertEquals("size 4999 bytes, but the manifest records 5000",
                Verifier.check(new ByteArrayInputStream(bytes, 0, 4999), entry, 1024));
        byte[] longer = new byte[5001];
        System.arraycopy(bytes, 0, longer, 0, 5000);
        assertEquals("size 5001 bytes, but the manifest records 5000", Verifier.check(new ByteArrayInputStream(longer), entry, 1024));
    }
}
