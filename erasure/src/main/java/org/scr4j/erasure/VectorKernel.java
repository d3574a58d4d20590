package org.scr4j.erasure;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The split-nibble kernel on jdk.incubator.vector: c * x = L[x & 15] ^ H[x >>> 4], with the two
 * 16-entry tables of c held in vector registers and looked up by a byte shuffle (pshufb), as in
 * ISA-L. Loaded only when the module is present (see {@link Kernels}). Outputs go in groups of up
 * to three so each input vector is loaded once per group; each group size and access kind (array,
 * buffer) has its own loop because the JIT only keeps fixed sets of accumulators in registers.
 */
final class VectorKernel implements Kernel {
    /** 256-bit where the CPU has it (AVX2); wider shuffles of bytes need AVX-512 VBMI, so never above 256. */
    static final VectorSpecies<Byte> SPECIES =
            ByteVector.SPECIES_PREFERRED.vectorBitSize() >= 256 ? ByteVector.SPECIES_256 : ByteVector.SPECIES_128;
    private static final int LANES = SPECIES.length();
    private static final ByteVector LOW_NIBBLE = ByteVector.broadcast(SPECIES, (byte) 0x0F);
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    @Override
    public String name() {
        return "vector " + SPECIES.vectorBitSize() + "-bit";
    }

    @Override
    public Dot dot(GfMatrix rows) {
        return Kernel.isXor(rows) ? new XorDot() : new NibbleDot(rows);
    }

    private static ByteVector table(int c, int shift) {
        byte[] t = new byte[LANES];
        for (int l = 0; l < LANES; l++) {
            t[l] = (byte) Gf256.mul(c, (l & 15) << shift);
        }
        return ByteVector.fromArray(SPECIES, t, 0);
    }

    private static VectorShuffle<Byte> low(ByteVector x) {
        return x.and(LOW_NIBBLE).toShuffle();
    }

    /** Shifted as ints: byte shifts have no x86 instruction and the JIT would not intrinsify them. */
    private static VectorShuffle<Byte> high(ByteVector x) {
        return x.reinterpretAsInts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes().and(LOW_NIBBLE).toShuffle();
    }

    private static ByteVector mulAdd(ByteVector acc, ByteVector lo, ByteVector hi, VectorShuffle<Byte> l, VectorShuffle<Byte> h) {
        return acc.lanewise(VectorOperators.XOR, lo.rearrange(l)).lanewise(VectorOperators.XOR, hi.rearrange(h));
    }

    /** Calls {@code group} for outputs r, r+1, r+2 at a time, then for the last one or two. */
    private static void inGroups(int outputs, Group group) {
        int r = 0;
        for (; r + 3 <= outputs; r += 3) {
            group.run(r, 3);
        }
        if (r < outputs) {
            group.run(r, outputs - r);
        }
    }

    private interface Group {
        void run(int first, int size);
    }

    private static final class NibbleDot implements Dot {
        private final ByteVector[][] lo;
        private final ByteVector[][] hi;
        private final byte[][][] rows;

        NibbleDot(GfMatrix m) {
            lo = new ByteVector[m.rows()][m.columns()];
            hi = new ByteVector[m.rows()][m.columns()];
            rows = new byte[m.rows()][m.columns()][];
            for (int r = 0; r < m.rows(); r++) {
                for (int j = 0; j < m.columns(); j++) {
                    lo[r][j] = table(m.get(r, j), 0);
                    hi[r][j] = table(m.get(r, j), 4);
                    rows[r][j] = Gf256.row(m.get(r, j));
                }
            }
        }

        @Override
        public void apply(byte[][] in, int[] io, byte[][] out, int[] oo, int len) {
            int body = len - len % LANES;
            inGroups(out.length, (r, size) -> {
                switch (size) {
                    case 3 -> dot3(in, io, out[r], oo[r], out[r + 1], oo[r + 1], out[r + 2], oo[r + 2], r, body);
                    case 2 -> dot2(in, io, out[r], oo[r], out[r + 1], oo[r + 1], r, body);
                    default -> dot1(in, io, out[r], oo[r], r, body);
                }
            });
            for (int r = 0; r < out.length; r++) {
                for (int i = body; i < len; i++) {
                    int a = 0;
                    for (int j = 0; j < in.length; j++) {
                        a ^= rows[r][j][in[j][io[j] + i] & 0xFF];
                    }
                    out[r][oo[r] + i] = (byte) a;
                }
            }
        }

        @Override
        public void apply(ByteBuffer[] in, int[] io, ByteBuffer[] out, int[] oo, int len) {
            int body = len - len % LANES;
            inGroups(out.length, (r, size) -> {
                switch (size) {
                    case 3 -> dot3(in, io, out[r], oo[r], out[r + 1], oo[r + 1], out[r + 2], oo[r + 2], r, body);
                    case 2 -> dot2(in, io, out[r], oo[r], out[r + 1], oo[r + 1], r, body);
                    default -> dot1(in, io, out[r], oo[r], r, body);
                }
            });
            for (int r = 0; r < out.length; r++) {
                for (int i = body; i < len; i++) {
                    int a = 0;
                    for (int j = 0; j < in.length; j++) {
                        a ^= rows[r][j][in[j].get(io[j] + i) & 0xFF];
                    }
                    out[r].put(oo[r] + i, (byte) a);
                }
            }
        }

        private void dot1(byte[][] in, int[] io, byte[] o0, int p0, int r, int body) {
            ByteVector[] l0 = lo[r];
            ByteVector[] h0 = hi[r];
            for (int i = 0; i < body; i += LANES) {
                ByteVector a0 = ByteVector.zero(SPECIES);
                for (int j = 0; j < in.length; j++) {
                    ByteVector x = ByteVector.fromArray(SPECIES, in[j], io[j] + i);
                    VectorShuffle<Byte> l = low(x);
                    VectorShuffle<Byte> h = high(x);
                    a0 = mulAdd(a0, l0[j], h0[j], l, h);
                }
                a0.intoArray(o0, p0 + i);
            }
        }

        private void dot2(byte[][] in, int[] io, byte[] o0, int p0, byte[] o1, int p1, int r, int body) {
            ByteVector[] l0 = lo[r];
            ByteVector[] h0 = hi[r];
            ByteVector[] l1 = lo[r + 1];
            ByteVector[] h1 = hi[r + 1];
            for (int i = 0; i < body; i += LANES) {
                ByteVector a0 = ByteVector.zero(SPECIES);
                ByteVector a1 = a0;
                for (int j = 0; j < in.length; j++) {
                    ByteVector x = ByteVector.fromArray(SPECIES, in[j], io[j] + i);
                    VectorShuffle<Byte> l = low(x);
                    VectorShuffle<Byte> h = high(x);
                    a0 = mulAdd(a0, l0[j], h0[j], l, h);
                    a1 = mulAdd(a1, l1[j], h1[j], l, h);
                }
                a0.intoArray(o0, p0 + i);
                a1.intoArray(o1, p1 + i);
            }
        }

        private void dot3(byte[][] in, int[] io, byte[] o0, int p0, byte[] o1, int p1, byte[] o2, int p2, int r, int body) {
            ByteVector[] l0 = lo[r];
            ByteVector[] h0 = hi[r];
            ByteVector[] l1 = lo[r + 1];
            ByteVector[] h1 = hi[r + 1];
            ByteVector[] l2 = lo[r + 2];
            ByteVector[] h2 = hi[r + 2];
            for (int i = 0; i < body; i += LANES) {
                ByteVector a0 = ByteVector.zero(SPECIES);
                ByteVector a1 = a0;
                ByteVector a2 = a0;
                for (int j = 0; j < in.length; j++) {
                    ByteVector x = ByteVector.fromArray(SPECIES, in[j], io[j] + i);
                    VectorShuffle<Byte> l = low(x);
                    VectorShuffle<Byte> h = high(x);
                    a0 = mulAdd(a0, l0[j], h0[j], l, h);
                    a1 = mulAdd(a1, l1[j], h1[j], l, h);
                    a2 = mulAdd(a2, l2[j], h2[j], l, h);
                }
                a0.intoArray(o0, p0 + i);
                a1.intoArray(o1, p1 + i);
                a2.intoArray(o2, p2 + i);
            }
        }

        private void dot1(ByteBuffer[] in, int[] io, ByteBuffer o0, int p0, int r, int body) {
            ByteVector[] l0 = lo[r];
            ByteVector[] h0 = hi[r];
            for (int i = 0; i < body; i += LANES) {
                ByteVector a0 = ByteVector.zero(SPECIES);
                for (int j = 0; j < in.length; j++) {
                    ByteVector x = ByteVector.fromByteBuffer(SPECIES, in[j], io[j] + i, ORDER);
                    VectorShuffle<Byte> l = low(x);
                    VectorShuffle<Byte> h = high(x);
                    a0 = mulAdd(a0, l0[j], h0[j], l, h);
                }
                a0.intoByteBuffer(o0, p0 + i, ORDER);
            }
        }

        private void dot2(ByteBuffer[] in, int[] io, ByteBuffer o0, int p0, ByteBuffer o1, int p1, int r, int body) {
            ByteVector[] l0 = lo[r];
            ByteVector[] h0 = hi[r];
            ByteVector[] l1 = lo[r + 1];
            ByteVector[] h1 = hi[r + 1];
            for (int i = 0; i < body; i += LANES) {
                ByteVector a0 = ByteVector.zero(SPECIES);
                ByteVector a1 = a0;
                for (int j = 0; j < in.length; j++) {
                    ByteVector x = ByteVector.fromByteBuffer(SPECIES, in[j], io[j] + i, ORDER);
                    VectorShuffle<Byte> l = low(x);
                    VectorShuffle<Byte> h = high(x);
                    a0 = mulAdd(a0, l0[j], h0[j], l, h);
                    a1 = mulAdd(a1, l1[j], h1[j], l, h);
                }
                a0.intoByteBuffer(o0, p0 + i, ORDER);
                a1.intoByteBuffer(o1, p1 + i, ORDER);
            }
        }

        private void dot3(ByteBuffer[] in, int[] io, ByteBuffer o0, int p0, ByteBuffer o1, int p1, ByteBuffer o2, int p2,
                int r, int body) {
            ByteVector[] l0 = lo[r];
            ByteVector[] h0 = hi[r];
            ByteVector[] l1 = lo[r + 1];
            ByteVector[] h1 = hi[r + 1];
            ByteVector[] l2 = lo[r + 2];
            ByteVector[] h2 = hi[r + 2];
            for (int i = 0; i < body; i += LANES) {
                ByteVector a0 = ByteVector.zero(SPECIES);
                ByteVector a1 = a0;
                ByteVector a2 = a0;
                for (int j = 0; j < in.length; j++) {
                    ByteVector x = ByteVector.fromByteBuffer(SPECIES, in[j], io[j] + i, ORDER);
                    VectorShuffle<Byte> l = low(x);
                    VectorShuffle<Byte> h = high(x);
                    a0 = mulAdd(a0, l0[j], h0[j], l, h);
                    a1 = mulAdd(a1, l1[j], h1[j], l, h);
                    a2 = mulAdd(a2, l2[j], h2[j], l, h);
                }
                a0.intoByteBuffer(o0, p0 + i, ORDER);
                a1.intoByteBuffer(o1, p1 + i, ORDER);
                a2.intoByteBuffer(o2, p2 + i, ORDER);
            }
        }
    }

    /** XOR of all inputs, four vectors per step so loads of different inputs overlap. */
    private static final class XorDot implements Dot {
        private static final int STEP = 4 * LANES;

        @Override
        public void apply(byte[][] in, int[] io, byte[][] out, int[] oo, int len) {
            byte[] o = out[0];
            int p = oo[0];
            int i = 0;
            for (; i + STEP <= len; i += STEP) {
                ByteVector a = ByteVector.fromArray(SPECIES, in[0], io[0] + i);
                ByteVector b = ByteVector.fromArray(SPECIES, in[0], io[0] + i + LANES);
                ByteVector c = ByteVector.fromArray(SPECIES, in[0], io[0] + i + 2 * LANES);
                ByteVector d = ByteVector.fromArray(SPECIES, in[0], io[0] + i + 3 * LANES);
                for (int j = 1; j < in.length; j++) {
                    byte[] x = in[j];
                    int q = io[j] + i;
                    a = a.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, x, q));
                    b = b.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, x, q + LANES));
                    c = c.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, x, q + 2 * LANES));
                    d = d.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, x, q + 3 * LANES));
                }
                a.intoArray(o, p + i);
                b.intoArray(o, p + i + LANES);
                c.intoArray(o, p + i + 2 * LANES);
                d.intoArray(o, p + i + 3 * LANES);
            }
            for (; i < len; i++) {
                int a = 0;
                for (int j = 0; j < in.length; j++) {
                    a ^= in[j][io[j] + i];
                }
                o[p + i] = (byte) a;
            }
        }

        @Override
        public void apply(ByteBuffer[] in, int[] io, ByteBuffer[] out, int[] oo, int len) {
            ByteBuffer o = out[0];
            int p = oo[0];
            int i = 0;
            for (; i + STEP <= len; i += STEP) {
                ByteVector a = ByteVector.fromByteBuffer(SPECIES, in[0], io[0] + i, ORDER);
                ByteVector b = ByteVector.fromByteBuffer(SPECIES, in[0], io[0] + i + LANES, ORDER);
                ByteVector c = ByteVector.fromByteBuffer(SPECIES, in[0], io[0] + i + 2 * LANES, ORDER);
                ByteVector d = ByteVector.fromByteBuffer(SPECIES, in[0], io[0] + i + 3 * LANES, ORDER);
                for (int j = 1; j < in.length; j++) {
                    ByteBuffer x = in[j];
                    int q = io[j] + i;
                    a = a.lanewise(VectorOperators.XOR, ByteVector.fromByteBuffer(SPECIES, x, q, ORDER));
                    b = b.lanewise(VectorOperators.XOR, ByteVector.fromByteBuffer(SPECIES, x, q + LANES, ORDER));
                    c = c.lanewise(VectorOperators.XOR, ByteVector.fromByteBuffer(SPECIES, x, q + 2 * LANES, ORDER));
                    d = d.lanewise(VectorOperators.XOR, ByteVector.fromByteBuffer(SPECIES, x, q + 3 * LANES, ORDER));
                }
                a.intoByteBuffer(o, p + i, ORDER);
                b.intoByteBuffer(o, p + i + LANES, ORDER);
                c.intoByteBuffer(o, p + i + 2 * LANES, ORDER);
                d.intoByteBuffer(o, p + i + 3 * LANES, ORDER);
            }
            for (; i < len; i++) {
                int a = 0;
                for (int j = 0; j < in.length; j++) {
                    a ^= in[j].get(io[j] + i);
                }
                o.put(p + i, (byte) a);
            }
        }
    }
}
