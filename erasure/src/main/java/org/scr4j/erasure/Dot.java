package org.scr4j.erasure;

import java.nio.ByteBuffer;

/**
 * One prepared matrix product over bytes: out[r] = sum over j of M[r][j] * in[j], for {@code len}
 * bytes at the given offsets (array offsets, or absolute buffer indexes). Outputs are overwritten.
 */
interface Dot {
    void apply(byte[][] in, int[] inOffsets, byte[][] out, int[] outOffsets, int len);

    void apply(ByteBuffer[] in, int[] inIndexes, ByteBuffer[] out, int[] outIndexes, int len);
}
