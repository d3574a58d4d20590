package org.scr4j.erasure;

import java.nio.ByteBuffer;
import java.util.Random;

/** Test data: random stripes, copies, and buffers of either kind at an offset. */
final class Stripes {
    private Stripes() {
    }

    static byte[][] random(Random random, int units, int length) {
        byte[][] data = new byte[units][length];
        for (byte[] unit : data) {
            random.nextBytes(unit);
        }
        return data;
    }

    static byte[][] copy(byte[][] units) {
        byte[][] copy = new byte[units.length][];
        for (int i = 0; i < units.length; i++) {
            copy[i] = units[i] == null ? null : units[i].clone();
        }
        return copy;
    }

    /** All units, data then parity, in one array. */
    static byte[][] join(byte[][] data, byte[][] parity) {
        byte[][] all = new byte[data.length + parity.length][];
        System.arraycopy(data, 0, all, 0, data.length);
        System.arraycopy(parity, 0, all, data.length, parity.length);
        return all;
    }

    /** The bytes in a buffer of the given kind, at {@code offset} inside a larger region filled with noise. */
    static ByteBuffer buffer(byte[] bytes, boolean direct, int offset, Random random) {
        byte[] noise = new byte[offset + bytes.length + 7];
        random.nextBytes(noise);
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(noise.length) : ByteBuffer.allocate(noise.length);
        b.put(noise).clear();
        b.position(offset).limit(offset + bytes.length);
        b.duplicate().put(bytes);
        return b;
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
