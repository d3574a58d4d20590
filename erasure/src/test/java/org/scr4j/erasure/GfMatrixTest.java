package org.scr4j.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GfMatrixTest {
    @Test
    void everyNonZeroElementTimesItsInverseIsOne() {
        for (int a = 1; a < 256; a++) {
            assertEquals(1, Gf256.mul(a, Gf256.inv(a)), "a = " + a);
            assertEquals(a, Gf256.div(Gf256.mul(a, 0x53), 0x53));
        }
        assertThrows(ArithmeticException.class, () -> Gf256.inv(0));
    }

    @Test
    void multiplicationDistributesOverXor() {
        for (int a = 0; a < 256; a += 7) {
            for (int b = 0; b < 256; b += 3) {
                for (int c = 0; c < 256; c += 11) {
                    assertEquals(Gf256.mul(a, b ^ c), Gf256.mul(a, b) ^ Gf256.mul(a, c));
                }
            }
        }
    }

    @Test
    void everyKRowsOfTheCauchyGeneratorInvert() {
        GfMatrix g = GfMatrix.cauchyGenerator(4, 4);
        for (int mask = 0; mask < 1 << 8; mask++) {
            if (Integer.bitCount(mask) != 4) {
                continue;
            }
            int[] rows = new int[4];
            for (int r = 0, i = 0; r < 8; r++) {
                if ((mask & 1 << r) != 0) {
                    rows[i++] = r;
                }
            }
            GfMatrix m = g.select(rows);
            assertEquals(GfMatrix.identity(4), m.times(m.invert()), "rows of mask " + Integer.toBinaryString(mask));
        }
    }

    @Test
    void aSingularMatrixSaysSo() {
        GfMatrix singular = GfMatrix.of(new int[][] {{1, 2}, {2, 4}});
        assertThrows(ArithmeticException.class, singular::invert);
    }
}
