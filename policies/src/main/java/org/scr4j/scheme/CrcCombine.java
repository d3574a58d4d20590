package org.scr4j.scheme;

/**
 * The CRC32C of two runs of bytes put end to end, from their own CRC32Cs and the second one's
 * length (zlib's crc32_combine, with the Castagnoli polynomial). A rebuild writes a file in pieces
 * out of order; combining the pieces' checksums checks the whole file without reading it again.
 */
final class CrcCombine {
    /** CRC32C's polynomial, bit-reversed as the JDK's CRC32C computes it. */
    private static final int POLYNOMIAL = 0x82F63B78;

    private CrcCombine() {
    }

    static long combine(long crc1, long crc2, long length2) {
        if (length2 <= 0) {
            return crc1;
        }
        int[] even = new int[32];
        int[] odd = new int[32];
        odd[0] = POLYNOMIAL; // the operator for one zero bit
        int row = 1;
        for (int n = 1; n < 32; n++) {
            odd[n] = row;
            row <<= 1;
        }
        square(even, odd); // two zero bits
        square(odd, even); // four zero bits
        int crc = (int) crc1;
        long len = length2;
        // Each step squares the operator (one zero byte, then two, four, ...) and applies it where len has a one bit.
        do {
            square(even, odd);
            if ((len & 1) != 0) {
                crc = times(even, crc);
            }
            len >>>= 1;
            if (len == 0) {
                break;
            }
            square(odd, even);
            if ((len & 1) != 0) {
                crc = times(odd, crc);
            }
            len >>>= 1;
        } while (len != 0);
        return (crc ^ (int) crc2) & 0xFFFFFFFFL;
    }

    private static int times(int[] matrix, int vector) {
        int sum = 0;
        for (int i = 0; vector != 0; i++, vector >>>= 1) {
            if ((vector & 1) != 0) {
                sum ^= matrix[i];
            }
        }
        return sum;
    }

    private static void square(int[] square, int[] matrix) {
        for (int n = 0; n < 32; n++) {
            square[n] = times(matrix, matrix[n]);
        }
    }
}
