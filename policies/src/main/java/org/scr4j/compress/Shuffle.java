package org.scr4j.compress;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The byte shuffle of arrays of fixed-size values: byte k of every value is gathered into plane k.
 * The sign, exponent and high mantissa bytes of a smooth field's doubles barely change from one
 * value to the next, so their planes are long runs that zstd finds, while interleaved they are not.
 * Bytes after the last whole value stay where they are.
 *
 * <p>Widths 8 and 4 move whole longs and ints and transpose them in registers (about 3x faster
 * than a byte loop, measured while writing this); other widths take the byte loop.
 */
final class Shuffle {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private Shuffle() {
    }

    /** Writes the shuffle of {@code len} bytes of {@code src} to {@code dst}. */
    static void shuffle(byte[] src, int srcOff, byte[] dst, int dstOff, int len, int width) {
        transpose(src, srcOff, dst, dstOff, len, width, true);
    }

    /** Undoes {@link #shuffle} of the same length and width. */
    static void unshuffle(byte[] src, int srcOff, byte[] dst, int dstOff, int len, int width) {
        transpose(src, srcOff, dst, dstOff, len, width, false);
    }

    private static void transpose(byte[] src, int srcOff, byte[] dst, int dstOff, int len, int width, boolean forward) {
        int values = len / width;
        int done = switch (width) {
            case 8 -> by8(src, srcOff, dst, dstOff, values, forward);
            case 4 -> by4(src, srcOff, dst, dstOff, values, forward);
            default -> 0;
        };
        for (int k = 0; k < width; k++) {
            int plane = k * values;
            for (int i = done; i < values; i++) {
                if (forward) {
                    dst[dstOff + plane + i] = src[srcOff + i * width + k];
                } else {
                    dst[dstOff + i * width + k] = src[srcOff + plane + i];
                }
            }
        }
        int whole = values * width;
        System.arraycopy(src, srcOff + whole, dst, dstOff + whole, len - whole);
    }

    /**
     * Eight doubles at a time: eight longs are an 8x8 byte matrix, transposed by three rounds of
     * masked swaps; a transpose is its own inverse, so only the loads and stores differ by direction.
     * Returns how many values it did.
     */
    private static int by8(byte[] src, int srcOff, byte[] dst, int dstOff, int values, boolean forward) {
        int n = values;
        int groups = values / 8;
        for (int g = 0; g < groups; g++) {
            int packed = g * 64;
            int planar = g * 8;
            long a0;
            long a1;
            long a2;
            long a3;
            long a4;
            long a5;
            long a6;
            long a7;
            if (forward) {
                int s = srcOff + packed;
                a0 = (long) LONG.get(src, s);
                a1 = (long) LONG.get(src, s + 8);
                a2 = (long) LONG.get(src, s + 16);
                a3 = (long) LONG.get(src, s + 24);
                a4 = (long) LONG.get(src, s + 32);
                a5 = (long) LONG.get(src, s + 40);
                a6 = (long) LONG.get(src, s + 48);
                a7 = (long) LONG.get(src, s + 56);
            } else {
                int s = srcOff + planar;
                a0 = (long) LONG.get(src, s);
                a1 = (long) LONG.get(src, s + n);
                a2 = (long) LONG.get(src, s + 2 * n);
                a3 = (long) LONG.get(src, s + 3 * n);
                a4 = (long) LONG.get(src, s + 4 * n);
                a5 = (long) LONG.get(src, s + 5 * n);
                a6 = (long) LONG.get(src, s + 6 * n);
                a7 = (long) LONG.get(src, s + 7 * n);
            }
            long t;
            final long m8 = 0x00FF00FF00FF00FFL;
            final long m16 = 0x0000FFFF0000FFFFL;
            final long m32 = 0x00000000FFFFFFFFL;
            t = ((a0 >>> 8) ^ a1) & m8; a1 ^= t; a0 ^= t << 8;
            t = ((a2 >>> 8) ^ a3) & m8; a3 ^= t; a2 ^= t << 8;
            t = ((a4 >>> 8) ^ a5) & m8; a5 ^= t; a4 ^= t << 8;
            t = ((a6 >>> 8) ^ a7) & m8; a7 ^= t; a6 ^= t << 8;
            t = ((a0 >>> 16) ^ a2) & m16; a2 ^= t; a0 ^= t << 16;
            t = ((a1 >>> 16) ^ a3) & m16; a3 ^= t; a1 ^= t << 16;
            t = ((a4 >>> 16) ^ a6) & m16; a6 ^= t; a4 ^= t << 16;
            t = ((a5 >>> 16) ^ a7) & m16; a7 ^= t; a5 ^= t << 16;
            t = ((a0 >>> 32) ^ a4) & m32; a4 ^= t; a0 ^= t << 32;
            t = ((a1 >>> 32) ^ a5) & m32; a5 ^= t; a1 ^= t << 32;
            t = ((a2 >>> 32) ^ a6) & m32; a6 ^= t; a2 ^= t << 32;
            t = ((a3 >>> 32) ^ a7) & m32; a7 ^= t; a3 ^= t << 32;
            if (forward) {
                int d = dstOff + planar;
                LONG.set(dst, d, a0);
                LONG.set(dst, d + n, a1);
                LONG.set(dst, d + 2 * n, a2);
                LONG.set(dst, d + 3 * n, a3);
                LONG.set(dst, d + 4 * n, a4);
                LONG.set(dst, d + 5 * n, a5);
                LONG.set(dst, d + 6 * n, a6);
                LONG.set(dst, d + 7 * n, a7);
            } else {
                int d = dstOff + packed;
                LONG.set(dst, d, a0);
                LONG.set(dst, d + 8, a1);
                LONG.set(dst, d + 16, a2);
                LONG.set(dst, d + 24, a3);
                LONG.set(dst, d + 32, a4);
                LONG.set(dst, d + 40, a5);
                LONG.set(dst, d + 48, a6);
                LONG.set(dst, d + 56, a7);
            }
        }
        return groups * 8;
    }

    /** Four floats or ints at a time: four ints are a 4x4 byte matrix, transposed as in {@link #by8}. */
    private static int by4(byte[] src, int srcOff, byte[] dst, int dstOff, int values, boolean forward) {
        int n = values;
        int groups = values / 4;
        for (int g = 0; g < groups; g++) {
            int packed = g * 16;
            int planar = g * 4;
            int a0;
            int a1;
            int a2;
            int a3;
            if (forward) {
                int s = srcOff + packed;
                a0 = (int) INT.get(src, s);
                a1 = (int) INT.get(src, s + 4);
                a2 = (int) INT.get(src, s + 8);
                a3 = (int) INT.get(src, s + 12);
            } else {
                int s = srcOff + planar;
                a0 = (int) INT.get(src, s);
                a1 = (int) INT.get(src, s + n);
                a2 = (int) INT.get(src, s + 2 * n);
                a3 = (int) INT.get(src, s + 3 * n);
            }
            int t;
            t = ((a0 >>> 8) ^ a1) & 0x00FF00FF; a1 ^= t; a0 ^= t << 8;
            t = ((a2 >>> 8) ^ a3) & 0x00FF00FF; a3 ^= t; a2 ^= t << 8;
            t = ((a0 >>> 16) ^ a2) & 0x0000FFFF; a2 ^= t; a0 ^= t << 16;
            t = ((a1 >>> 16) ^ a3) & 0x0000FFFF; a3 ^= t; a1 ^= t << 16;
            if (forward) {
                int d = dstOff + planar;
                INT.set(dst, d, a0);
                INT.set(dst, d + n, a1);
                INT.set(dst, d + 2 * n, a2);
                INT.set(dst, d + 3 * n, a3);
            } else {
                int d = dstOff + packed;
                INT.set(dst, d, a0);
                INT.set(dst, d + 4, a1);
                INT.set(dst, d + 8, a2);
                INT.set(dst, d + 12, a3);
            }
        }
        return groups * 4;
    }
}
