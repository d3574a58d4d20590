package org.scr4j.tier.local;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileChannel.MapMode;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes through memory mappings of the file, a window at a time, as persistent memory is meant
 * to be used. With {@code ExtendedMapMode.READ_WRITE_SYNC} (MAP_SYNC on a DAX mount) a force is a
 * cache-line flush with no page cache in between; with {@code READ_WRITE} it is an msync.
 */
final class MappedWrites implements LocalWrites {
    private final MapMode mode;
    private final int window;

    MappedWrites(MapMode mode, int window) {
        this.mode = mode;
        this.window = window;
    }

    @Override
    public Durable open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new Durable() {
            private MappedByteBuffer current;
            private long windowStart;
            private long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    if (current == null || !current.hasRemaining()) {
                        nextWindow();
                    }
                    int n = Math.min(len, current.remaining());
                    current.put(b, off, n);
                    off += n;
                    len -= n;
                    written += n;
                }
            }

            private void nextWindow() throws IOException {
                if (current != null) {
                    current.force();
                    windowStart += current.capacity();
                }
                // Mapping past the end grows the file; close() trims it back to what was written.
                current = channel.map(mode, windowStart, window);
            }

            @Override
            void force() throws IOException {
                if (current != null) {
                    current.force();
                }
                channel.truncate(written);
                channel.force(true);
            }

            @Override
            public void close() throws IOException {
                if (!channel.isOpen()) {
                    return; // closed by a commit whose rename then failed; the writer's close deletes the file
                }
                current = null;
                channel.truncate(written);
                channel.close();
            }
        };
    }
}
