package org.scr4j.erasure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * CRC32C, the checksum every scr4j file carries in its manifest. The JDK's CRC32C uses the CPU's
 * crc32 instruction; these helpers only feed it files and streams in large blocks.
 */
public final class Crc32c {
    private static final int BLOCK = 1 << 20;

    private Crc32c() {
    }

    public static long of(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return crc.getValue();
    }

    /** The checksum of the buffer's remaining bytes; its position is left where it was. */
    public static long of(ByteBuffer buffer) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate());
        return crc.getValue();
    }

    /** Reads the stream to its end; does not close it. */
    public static long of(InputStream in) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] block = new byte[BLOCK];
        for (int n; (n = in.read(block)) > 0; ) {
            crc.update(block, 0, n);
        }
        return crc.getValue();
    }

    public static long of(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (channel.read(block) > 0) {
                block.flip();
                crc.update(block);
                block.clear();
            }
        }
        return crc.getValue();
    }

    /** Eight hex digits, as manifests and listings print it. */
    public static String hex(long crc) {
        return String.format("%08x", crc);
    }
}
