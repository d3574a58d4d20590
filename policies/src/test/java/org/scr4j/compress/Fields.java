package org.scr4j.compress;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/** Test data: what a simulation writes (a smooth field of doubles) and what does not compress. */
final class Fields {
    private Fields() {
    }

    /** {@code values} doubles of a smooth 2-D field (sums of sines and cosines), little-endian as a Java app writes them. */
    static byte[] smooth(int values) {
        ByteBuffer b = ByteBuffer.allocate(values * 8).order(ByteOrder.LITTLE_ENDIAN);
        int side = Math.max(1, (int) Math.sqrt(values));
        for (int i = 0; i < values; i++) {
            double x = (i % side) / (double) side;
            double y = (i / side) / (double) side;
            b.putDouble(Math.sin(6.1 * x) * Math.cos(4.3 * y) + 0.5 * Math.sin(17.0 * x * y) + 300.0 * x + 1.0);
        }
        return b.array();
    }

    static byte[] random(int bytes, long seed) {
        byte[] b = new byte[bytes];
        new Random(seed).nextBytes(b);
        return b;
    }
}
