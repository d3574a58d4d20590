package org.apache.hadoop.io.erasurecode.rawcoder;

import java.nio.ByteBuffer;

/** Views of Hadoop's coding state as scr4j's buffers: exactly {@code length} bytes from each start. */
final class Scr4jBuffers {
    private Scr4jBuffers() {
    }

    static ByteBuffer[] wrap(byte[][] arrays, int[] offsets, int length) {
        ByteBuffer[] buffers = new ByteBuffer[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            buffers[i] = arrays[i] == null ? null : ByteBuffer.wrap(arrays[i], offsets[i], length);
        }
        return buffers;
    }

    static ByteBuffer[] window(ByteBuffer[] source, int length) {
        ByteBuffer[] buffers = new ByteBuffer[source.length];
        for (int i = 0; i < source.length; i++) {
            if (source[i] != null) {
                ByteBuffer b = source[i].duplicate();
                buffers[i] = b.limit(b.position() + length);
            }
        }
        return buffers;
    }
}
