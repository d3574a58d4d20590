package org.scr4j.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The fast shuffles against the definition, at every width, length and offset that has a tail. */
class ShuffleTest {
    private static byte[] reference(byte[] src, int off, int len, int width) {
        byte[] out = new byte[len];
        int values = len / width;
        for (int i = 0; i < values; i++) {
            for (int k = 0; k < width; k++) {
                out[k * values + i] = src[off + i * width + k];
            }
        }
        System.arraycopy(src, off + values * width, out, values * width, len - values * width);
        return out;
    }

    @Test
    void byteKOfEveryValueLandsInPlaneKAndUnshuffleRestoresTheValues() {
        byte[] src = Fields.random(5000, 1);
        for (int width : Compression.SHUFFLE_WIDTHS) {
            for (int len : new int[] {0, 1, width - 1, width, width + 1, 63, 64, 65, 127, 128, 129, 1000, 4093, 4096}) {
                for (int off : new int[] {0, 3}) {
                    byte[] shuffled = new byte[len + 7];
                    Shuffle.shuffle(src, off, shuffled, 5, len, width);
                    byte[] expected = reference(src, off, len, width);
                    byte[] got = java.util.Arrays.copyOfRange(shuffled, 5, 5 + len);
                    assertArrayEquals(expected, got, "width " + width + " length " + len + " offset " + off);
                    byte[] back = new byte[len + 2];
                    Shuffle.unshuffle(shuffled, 5, back, 1, len, width);
                    assertArrayEquals(java.util.Arrays.copyOfRange(src, off, off + len), java.util.Arrays.copyOfRange(back, 1, 1 + len),
                            "unshuffle width " + width + " length " + len + " offset " + off);
                }
            }
        }
    }
}
