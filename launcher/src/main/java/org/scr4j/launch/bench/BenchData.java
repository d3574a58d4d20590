package org.scr4j.launch.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * The bytes one rank writes: pseudo-random, different per rank and per piece, written with plain
 * FileChannel writes of {@link #PIECE} bytes from one direct buffer, the way a careful application
 * writes. The same code writes the raw baseline and the checkpoint, so they compare fairly.
 */
final class BenchData {
    static final int PIECE = 4 << 20;

    private final ByteBuffer block;
    private final long bytes;

    BenchData(int rank, long bytes) {
        this.bytes = bytes;
        this.block = ByteBuffer.allocateDirect(PIECE);
        SplittableRandom random = new SplittableRandom(0x5c4f4a ^ rank);
        while (block.remaining() >= Long.BYTES) {
            block.putLong(random.nextLong());
        }
        block.clear();
    }

    /** Writes the rank's bytes to {@code file}; returns their CRC32C. */
    long write(Path file) throws IOException {
        return write(file, bytes);
    }

    /** Writes {@code bytes} bytes of the same kind; returns their CRC32C. */
    long write(Path file, long bytes) throws IOException {
        CRC32C crc = new CRC32C();
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long piece = 0, done = 0; done < bytes; piece++) {
                // A different first word per piece: no two pieces of a rank are equal.
                block.putLong(0, piece);
                ByteBuffer view = block.duplicate().clear().limit((int) Math.min(PIECE, bytes - done));
                crc.update(view.duplicate());
                while (view.hasRemaining()) {
                    done += out.write(view);
                }
            }
        }
        return crc.getValue();
    }

    /** The CRC32C of a file, read back. */
    static long crc(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocateDirect(PIECE);
        try (FileChannel in = FileChannel.open(file)) {
            while (in.read(buffer.clear()) > 0) {
                crc.update(buffer.flip());
            }
        }
        return crc.getValue();
    }
}
