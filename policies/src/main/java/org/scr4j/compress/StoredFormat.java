package org.scr4j.compress;

/**
 * The layout of a file stored compressed, so that a decoder needs nothing but the file:
 *
 * <pre>
 * file header, 8 bytes:   'S' 'C' 'Z' version(1) | codec(1 = zstd) | shuffle width (0 = none) | log2(block size)
 *                         | flags (0; a reader refuses others)
 * block, 13-byte header:  kind(0 raw, 1 zstd) | original length (int) | stored length (int)
 *                         | CRC32C of the original bytes (int) | stored bytes
 * end mark, 9 bytes:      kind(2) | total original length (long)
 * </pre>
 *
 * All numbers are big-endian. A raw block holds the original bytes as they are (never shuffled);
 * a zstd block holds one zstd frame of the block, shuffled first when the header names a width.
 * Every block but the last holds a full block size of original bytes. Each block's CRC32C lets the
 * decoder refuse a damaged block before it hands out a byte of it (the file's CRC32C in its
 * manifest is only known at its end); the end mark makes a file cut at a block boundary detectable.
 */
final class StoredFormat {
    static final byte[] MAGIC = {'S', 'C', 'Z', 1};
    static final byte CODEC_ZSTD = 1;
    static final int FILE_HEADER = 8;
    static final int BLOCK_HEADER = 13;
    static final int END_MARK = 9;
    static final byte RAW = 0;
    static final byte ZSTD = 1;
    static final byte END = 2;
    /** Block sizes a decoder accepts: a damaged header must not make it allocate gigabytes. */
    static final int MIN_BLOCK_LOG = 10;
    static final int MAX_BLOCK_LOG = 26;

    private StoredFormat() {
    }

    static byte[] fileHeader(int shuffle, int blockLog) {
        return new byte[] {MAGIC[0], MAGIC[1], MAGIC[2], MAGIC[3], CODEC_ZSTD, (byte) shuffle, (byte) blockLog, 0};
    }

    static void blockHeader(byte[] header, byte kind, int original, int stored, int crc32c) {
        header[0] = kind;
        putInt(header, 1, original);
        putInt(header, 5, stored);
        putInt(header, 9, crc32c);
    }

    static void endMark(byte[] header, long total) {
        header[0] = END;
        putInt(header, 1, (int) (total >>> 32));
        putInt(header, 5, (int) total);
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static int getInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    static long getLong(byte[] b, int at) {
        return (long) getInt(b, at) << 32 | (getInt(b, at + 4) & 0xffffffffL);
    }
}
