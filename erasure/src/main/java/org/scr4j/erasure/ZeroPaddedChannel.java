package org.scr4j.erasure;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * A channel that reads its source and then zeros up to a fixed length: units of a stripe must be
 * equally long, and a rank with less data than its set's largest pads this way, with no bytes stored.
 */
public final class ZeroPaddedChannel implements ReadableByteChannel {
    private final ReadableByteChannel source;
    private final long length;
    private long position;
    private boolean sourceDone;

    public ZeroPaddedChannel(ReadableByteChannel source, long length) {
        this.source = source;
        this.length = length;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (position >= length) {
            return -1;
        }
        int room = (int) Math.min(dst.remaining(), length - position);
        int n = 0;
        if (!sourceDone) {
            ByteBuffer window = dst.duplicate();
            window.limit(window.position() + room);
            n = source.read(window);
            if (n < 0) {
                sourceDone = true;
                n = 0;
            } else {
                dst.position(dst.position() + n);
            }
        }
        if (sourceDone) {
            for (int i = 0; i < room; i++) {
                dst.put((byte) 0);
            }
            n = room;
        }
        position += n;
        if (position == length && !sourceDone && source.read(ByteBuffer.allocate(1)) > 0) {
            throw new IOException("the source has more than the " + length + " bytes of the padded unit");
        }
        return n;
    }

    @Override
    public boolean isOpen() {
        return source.isOpen();
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
