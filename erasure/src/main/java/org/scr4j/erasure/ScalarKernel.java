package org.scr4j.erasure;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The kernel for JVMs without jdk.incubator.vector. Eight bytes at a time in a long: c * x is the
 * XOR over the bits b of x of c * 2^b, and ((v >>> b) & 0x0101..01) * (c * 2^b) puts that product
 * in every byte whose bit b is set, with no carry between bytes. One pass per (output, input) pair
 * keeps the eight constants in registers; measured faster here than byte-table lookups.
 */
final class ScalarKernel implements Kernel {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final int STAGE_BYTES = 16 << 10;

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public Dot dot(GfMatrix rows) {
        return Kernel.isXor(rows) ? new XorDot() : new MulDot(rows);
    }

    /** The eight SWAR constants c * 2^b of coefficient c. */
    private static long[] bitProducts(int c) {
        long[] k = new long[8];
        for (int b = 0; b < 8; b++) {
            k[b] = Gf256.mul(c, 1 << b);
        }
        return k;
    }

    /** The constants come as locals so the JIT keeps all eight in registers across the loop. */
    @SuppressWarnings("checkstyle:ParameterNumber")
    private static long times(long v, long k0, long k1, long k2, long k3, long k4, long k5, long k6, long k7) {
        return (v & LOW_BITS) * k0
                ^ ((v >>> 1) & LOW_BITS) * k1
                ^ ((v >>> 2) & LOW_BITS) * k2
                ^ ((v >>> 3) & LOW_BITS) * k3
                ^ ((v >>> 4) & LOW_BITS) * k4
                ^ ((v >>> 5) & LOW_BITS) * k5
                ^ ((v >>> 6) & LOW_BITS) * k6
                ^ ((v >>> 7) & LOW_BITS) * k7;
    }

    /**
     * Buffers go through the array loops a block at a time: ByteBuffer.getLong checks bounds on every
     * call and measured slower here than copying 16 KiB blocks to the heap and back.
     */
    private static void staged(Dot arrays, ByteBuffer[] in, int[] inIndexes, ByteBuffer[] out, int[] outIndexes, int len) {
        int block = Math.min(len, STAGE_BYTES);
        byte[][] inBlocks = new byte[in.length][block];
        byte[][] outBlocks = new byte[out.length][block];
        int[] zeros = new int[Math.max(in.length, out.length)];
        for (int done = 0; done < len; done += block) {
            int n = Math.min(block, len - done);
            for (int j = 0; j < in.length; j++) {
                in[j].get(inIndexes[j] + done, inBlocks[j], 0, n);
            }
            arrays.apply(inBlocks, zeros, outBlocks, zeros, n);
            for (int r = 0; r < out.length; r++) {
                out[r].put(outIndexes[r] + done, outBlocks[r], 0, n);
            }
        }
    }

    private static final class MulDot implements Dot {
        @Override
        public void apply(ByteBuffer[] in, int[] inIndexes, ByteBuffer[] out, int[] outIndexes, int len) {
            staged(this, in, inIndexes, out, outIndexes, len);
        }

        private final long[][][] products;
        private final byte[][][] rows;

        MulDot(GfMatrix m) {
            products = new long[m.rows()][m.columns()][];
            rows = new byte[m.rows()][m.columns()][];
            for (int r = 0; r < m.rows(); r++) {
                for (int j = 0; j < m.columns(); j++) {
                    products[r][j] = bitProducts(m.get(r, j));
                    rows[r][j] = Gf256.row(m.get(r, j));
                }
            }
        }

        @Override
        public void apply(byte[][] in, int[] inOffsets, byte[][] out, int[] outOffsets, int len) {
            for (int r = 0; r < out.length; r++) {
                for (int j = 0; j < in.length; j++) {
                    pass(in[j], inOffsets[j], out[r], outOffsets[r], len, products[r][j], rows[r][j], j == 0);
                }
            }
        }

        /** o = c * x for the first input ({@code assign}), o ^= c * x for the others. */
        private static void pass(byte[] x, int xo, byte[] o, int oo, int len, long[] k, byte[] row, boolean assign) {
            final long k0 = k[0], k1 = k[1], k2 = k[2], k3 = k[3], k4 = k[4], k5 = k[5], k6 = k[6], k7 = k[7];
            int i = 0;
            if (assign) {
                for (; i + 8 <= len; i += 8) {
                    long v = (long) LONGS.get(x, xo + i);
                    LONGS.set(o, oo + i, times(v, k0, k1, k2, k3, k4, k5, k6, k7));
                }
                for (; i < len; i++) {
                    o[oo + i] = row[x[xo + i] & 0xFF];
                }
            } else {
                for (; i + 8 <= len; i += 8) {
                    long v = (long) LONGS.get(x, xo + i);
                    LONGS.set(o, oo + i, (long) LONGS.get(o, oo + i) ^ times(v, k0, k1, k2, k3, k4, k5, k6, k7));
                }
                for (; i < len; i++) {
                    o[oo + i] ^= row[x[xo + i] & 0xFF];
                }
            }
        }
    }

    private static final class XorDot implements Dot {
        @Override
        public void apply(ByteBuffer[] in, int[] inIndexes, ByteBuffer[] out, int[] outIndexes, int len) {
            staged(this, in, inIndexes, out, outIndexes, len);
        }

        @Override
        public void apply(byte[][] in, int[] inOffsets, byte[][] out, int[] outOffsets, int len) {
            byte[] o = out[0];
            int oo = outOffsets[0];
            int i = 0;
            for (; i + 8 <= len; i += 8) {
                long a = 0;
                for (int j = 0; j < in.length; j++) {
                    a ^= (long) LONGS.get(in[j], inOffsets[j] + i);
                }
                LONGS.set(o, oo + i, a);
            }
            for (; i < len; i++) {
                int a = 0;
                for (int j = 0; j < in.length; j++) {
                    a ^= in[j][inOffsets[j] + i];
                }
                o[oo + i] = (byte) a;
            }
        }
    }
}
