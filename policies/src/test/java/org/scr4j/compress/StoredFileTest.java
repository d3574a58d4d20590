package org.scr4j.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.scr4j.erasure.Crc32c;

/** A file goes through the encoder and comes back from the decoder bit for bit, or not at all. */
class StoredFileTest {
    private static final int BLOCK = 1024;

    private record Encoded(byte[] stored, int blocks, int attempts, int compressed) {
    }

    /** Encodes in writes of uneven sizes (single bytes too), as a copy loop with any buffer would. */
    private static Encoded encode(Compression compression, int blockSize, byte[] data) throws IOException {
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        try (Encoder encoder = new Encoder(compression, blockSize)) {
            EncodingStream out = encoder.open(target);
            Random sizes = new Random(data.length);
            for (int at = 0; at < data.length; ) {
                int n = Math.min(data.length - at, sizes.nextInt(3) == 0 ? 1 : 1 + sizes.nextInt(3 * blockSize));
                if (n == 1) {
                    out.write(data[at]);
                } else {
                    out.write(data, at, n);
                }
                at += n;
            }
            long stored = out.finish();
            assertEquals(target.size(), stored, "the stored size the encoder reports");
            assertEquals(data.length, out.original());
            return new Encoded(target.toByteArray(), out.blocks(), out.attempts(), out.compressed());
        }
    }

    private static byte[] decode(byte[] stored) throws IOException {
        try (InputStream in = new DecodingStream(new ByteArrayInputStream(stored))) {
            return in.readAllBytes();
        }
    }

    private static void assertRoundTrip(byte[] data, Compression compression, int blockSize, String what) throws IOException {
        byte[] back = decode(encode(compression, blockSize, data).stored());
        assertEquals(Crc32c.hex(Crc32c.of(data)), Crc32c.hex(Crc32c.of(back)), what);
        assertArrayEquals(data, back, what);
    }

    @Test
    void anEmptyFileIsAHeaderAndAnEndMark() throws IOException {
        Encoded e = encode(Compression.zstd(3).withShuffle(8), BLOCK, new byte[0]);
        assertEquals(StoredFormat.FILE_HEADER + StoredFormat.END_MARK, e.stored().length);
        assertEquals(0, e.blocks());
        assertArrayEquals(new byte[0], decode(e.stored()));
    }

    @Test
    void oneByteIsOneRawBlock() throws IOException {
        Encoded e = encode(Compression.zstd(3), BLOCK, new byte[] {42});
        assertEquals(StoredFormat.FILE_HEADER + StoredFormat.BLOCK_HEADER + 1 + StoredFormat.END_MARK, e.stored().length);
        assertEquals(0, e.compressed(), "zstd cannot shrink one byte, so it is stored raw");
        assertArrayEquals(new byte[] {42}, decode(e.stored()));
    }

    @Test
    void sizesAroundValueWidthsAndBlockBoundariesComeBackBitForBit() throws IOException {
        byte[] smooth = Fields.smooth(1024);
        byte[] random = Fields.random(smooth.length, 7);
        int[] sizes = {1, 2, 3, 7, 8, 9, 15, 16, 17, 100, 1023, 1024, 1025, 2047, 2048, 2049, 5 * 1024 + 13, smooth.length};
        for (int shuffle : new int[] {0, 2, 4, 8, 16}) {
            Compression c = Compression.zstd(1).withShuffle(shuffle);
            for (int size : sizes) {
                assertRoundTrip(Arrays.copyOf(smooth, size), c, BLOCK, c + ", smooth, " + size + " bytes");
                assertRoundTrip(Arrays.copyOf(random, size), c, BLOCK, c + ", random, " + size + " bytes");
                assertRoundTrip(new byte[size], c, BLOCK, c + ", zeros, " + size + " bytes");
            }
        }
        assertRoundTrip(Fields.smooth(300_001), Compression.zstd(-3).withShuffle(8), Encoder.DEFAULT_BLOCK, "default blocks");
    }

    @Test
    void randomDataIsStoredRawAfterOneTryAndCostsOnlyTheHeaders() throws IOException {
        int blocks = 30;
        byte[] data = Fields.random(blocks * 4096 - 100, 11);
        Encoded e = encode(Compression.zstd(3).withShuffle(8), 4096, data);
        assertEquals(blocks, e.blocks());
        assertEquals(0, e.compressed());
        assertEquals(1, e.attempts(), "the first block did not shrink, so no other block was tried");
        assertTrue(e.stored().length <= data.length + StoredFormat.FILE_HEADER + blocks * StoredFormat.BLOCK_HEADER
                + StoredFormat.END_MARK, e.stored().length + " stored bytes for " + data.length);
        assertArrayEquals(data, decode(e.stored()));

        Encoded longer = encode(Compression.zstd(1), 1024, Fields.random(100 * 1024, 12));
        assertEquals(4, longer.attempts(), "one block in " + EncodingStream.PROBE_EVERY + " is tried again: 0, 32, 64, 96");
    }

    @Test
    void dataThatTurnsCompressibleIsFoundByTheNextProbeAndABlockThatDoesNotShrinkIsStoredRaw() throws IOException {
        byte[] data = new byte[80 * 1024];
        System.arraycopy(Fields.random(40 * 1024, 3), 0, data, 0, 40 * 1024); // then 40 KiB of zeros
        Encoded e = encode(Compression.zstd(1), 1024, data);
        assertEquals(80, e.blocks());
        assertEquals(3 + 15, e.attempts(), "blocks 0 and 32 (random), 64 (zeros) and every block after it");
        assertEquals(16, e.compressed(), "blocks 64..79");
        assertArrayEquals(data, decode(e.stored()));

        byte[] mixed = new byte[4 * 1024];
        System.arraycopy(Fields.random(1024, 4), 0, mixed, 1024, 1024); // zeros, random, zeros, zeros
        Encoded m = encode(Compression.zstd(1), 1024, mixed);
        assertEquals(1, m.compressed(), "the random block did not shrink, and the file was stored raw from it on");
        assertArrayEquals(mixed, decode(m.stored()));
    }

    @Test
    void aSmoothDoubleFieldCompressesBetterAfterAnEightByteShuffle() throws IOException {
        byte[] field = Fields.smooth(512 * 1024); // 4 MiB
        for (int level : new int[] {1, 3}) {
            double plain = ratio(field, Compression.zstd(level));
            double shuffled = ratio(field, Compression.zstd(level).withShuffle(8));
            assertTrue(shuffled > 1.2 * plain, "zstd:" + level + ": " + plain + ":1 plain, " + shuffled + ":1 shuffled");
            assertTrue(plain > 1.0, "zstd:" + level + " alone still shrinks it a little: " + plain);
        }
    }

    private static double ratio(byte[] data, Compression c) throws IOException {
        Encoded e = encode(c, Encoder.DEFAULT_BLOCK, data);
        assertArrayEquals(data, decode(e.stored()));
        return (double) data.length / e.stored().length;
    }

    /** Zstd and raw blocks, shuffled, with a short last block. */
    private static byte[] sample() {
        byte[] data = Arrays.copyOf(Fields.smooth(384), 5 * 1024 + 77);
        System.arraycopy(Fields.random(1024, 5), 0, data, 3 * 1024, 1024);
        return data;
    }

    @Test
    void aFileCutShortAnywhereIsRefused() throws IOException {
        byte[] data = sample();
        byte[] stored = encode(Compression.zstd(3).withShuffle(8), BLOCK, data).stored();
        for (int cut = 0; cut < stored.length; cut++) {
            byte[] prefix = Arrays.copyOf(stored, cut);
            IOException e = assertThrows(IOException.class, () -> readChecked(prefix, data), "cut at " + cut);
            assertTrue(e.getMessage().contains("cut short") || e.getMessage().contains("not a file compressed by scr4j"),
                    "cut at " + cut + ": " + e.getMessage());
        }
        IOException after = assertThrows(StoredFormatException.class, () -> decode(Arrays.copyOf(stored, stored.length + 1)));
        assertTrue(after.getMessage().contains("bytes after the end mark"), after.getMessage());
        IOException raw = assertThrows(StoredFormatException.class, () -> decode(data));
        assertTrue(raw.getMessage().contains("not a file compressed by scr4j"), raw.getMessage());
    }

    @Test
    void aDamagedByteAnywhereIsRefusedOrHarmlessNeverWrongBytes() throws IOException {
        byte[] data = sample();
        byte[] stored = encode(Compression.zstd(3).withShuffle(8), BLOCK, data).stored();
        int refused = 0;
        for (int at = 0; at < stored.length; at++) {
            for (int mask : new int[] {0x01, 0x80, 0xff}) {
                byte[] damaged = stored.clone();
                damaged[at] ^= (byte) mask;
                try {
                    assertArrayEquals(data, readChecked(damaged, data), "byte " + at + " ^ " + mask);
                } catch (StoredFormatException e) {
                    refused++;
                }
            }
        }
        // A few bits may change unnoticed, such as a larger block size in the file header or a zstd frame's window
        // size: those copies decoded right, as checked above. Everything else is refused.
        assertTrue(refused >= 3 * stored.length - 8, refused + " of " + 3 * stored.length + " damaged copies refused");
    }

    /** Decodes, failing the test if a byte handed out before an exception is not the original's. */
    private static byte[] readChecked(byte[] stored, byte[] original) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (InputStream in = new DecodingStream(new ByteArrayInputStream(stored))) {
            byte[] buffer = new byte[700];
            for (int n; (n = in.read(buffer)) > 0; ) {
                got.write(buffer, 0, n);
                if (got.size() > original.length
                        || !Arrays.equals(got.toByteArray(), 0, got.size(), original, 0, got.size())) {
                    fail("wrong bytes handed out before byte " + got.size());
                }
            }
        }
        return got.toByteArray();
    }
}
