package org.scr4j.erasure;

/**
 * Arithmetic in GF(2^8) with the primitive polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D), the field
 * of ISA-L and of Hadoop's Reed-Solomon coders, so parity made by scr4j and by Hadoop is the same.
 * Addition is XOR; multiplication goes through log and exp tables.
 */
public final class Gf256 {
    static final int POLYNOMIAL = 0x11D;
    private static final int[] EXP = new int[512];
    private static final int[] LOG = new int[256];
    /** MUL[a << 8 | b] = a * b: the scalar kernels' tails and table building read it. */
    private static final byte[] MUL = new byte[256 * 256];

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = x;
            LOG[x] = i;
            x <<= 1;
            if ((x & 0x100) != 0) {
                x ^= POLYNOMIAL;
            }
        }
        for (int i = 255; i < EXP.length; i++) {
            EXP[i] = EXP[i - 255];
        }
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                MUL[a << 8 | b] = (byte) slowMul(a, b);
            }
        }
    }

    private Gf256() {
    }

    private static int slowMul(int a, int b) {
        return a == 0 || b == 0 ? 0 : EXP[LOG[a] + LOG[b]];
    }

    /** a * b; both in 0..255. */
    public static int mul(int a, int b) {
        return MUL[(a & 0xFF) << 8 | (b & 0xFF)] & 0xFF;
    }

    /** The multiplicative inverse of a, which must not be 0. */
    public static int inv(int a) {
        if ((a & 0xFF) == 0) {
            throw new ArithmeticException("0 has no inverse in GF(2^8)");
        }
        return EXP[255 - LOG[a & 0xFF]];
    }

    /** a / b, b not 0. */
    public static int div(int a, int b) {
        return mul(a, inv(b));
    }

    /** The 256 products c * x for x = 0..255, as a table line. */
    static byte[] row(int c) {
        byte[] row = new byte[256];
        System.arraycopy(MUL, (c & 0xFF) << 8, row, 0, 256);
        return row;
    }
}
