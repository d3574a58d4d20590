package org.scr4j.group;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/** Pseudo-random test data that a sender can make again from a seed, and CRC32C over it. */
final class ProbeData {
    private final SplittableRandom random;

    ProbeData(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Fills {@code buffer} from its position to its limit with the next bytes of this stream, ready to read. */
    ByteBuffer next(ByteBuffer buffer) {
        ByteBuffer out = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        while (out.remaining() >= Long.BYTES) {
            out.putLong(random.nextLong());
        }
        while (out.hasRemaining()) {
            out.put((byte) random.nextInt());
        }
        return buffer;
    }

    /** Writes {@code bytes} of the stream from {@code seed} to a new file. */
    static void writeFile(Path file, long seed, long bytes) throws IOException {
        ProbeData data = new ProbeData(seed);
        ByteBuffer buffer = ByteBuffer.allocateDirect(Exchange.MAX_MESSAGE);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long done = 0; done < bytes; ) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), bytes - done));
                data.next(buffer);
                while (buffer.hasRemaining()) {
                    done += out.write(buffer);
                }
            }
        }
    }

    /** CRC32C of {@code count} bytes of {@code file} from {@code position}, read independently of the transport. */
    static long crc(Path file, long position, long count) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            for (long done = 0; done < count; ) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
                int n = in.read(buffer, position + done);
                if (n < 0) {
                    throw new IOException(file + " ends at " + (position + done));
                }
                buffer.flip();
                crc.update(buffer);
                done += n;
            }
        }
        return crc.getValue();
    }
}
