package org.scr4j.erasure;

import java.nio.ByteBuffer;

/**
 * Encodes and decodes one stripe: k data units and m parity units of equal length. Units are
 * numbered data first (0..k-1), then parity (k..k+m-1), as in Hadoop. Buffers are read and written
 * from their position for their remaining bytes; positions and limits are left as they were.
 * Implementations are thread-safe.
 */
public interface ErasureCoder {
    ErasureCode code();

    /** What does the arithmetic, for logs and benchmarks: "vector 256-bit", "scalar", "hadoop-java". */
    String implementation();

    /** Computes all m parity units from the k data units. */
    void encode(byte[][] data, byte[][] parity);

    void encode(ByteBuffer[] data, ByteBuffer[] parity);

    /**
     * Rebuilds the units listed in {@code erased}, in place. {@code units} has k + m entries: the
     * erased ones are buffers to fill, null ones are lost and not wanted, the rest are intact and
     * read. At least k units must be intact.
     */
    void decode(byte[][] units, int[] erased);

    void decode(ByteBuffer[] units, int[] erased);
}
