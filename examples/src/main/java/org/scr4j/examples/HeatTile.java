package org.scr4j.examples;

import java.nio.ByteBuffer;
import org.scr4j.erasure.Crc32c;

/**
 * One rank's own N x N grid in {@link HeatProcess}, stepped with {@link HeatField}'s update. Its
 * left edge is held at {@code 10 * rank} (the top edge at {@link HeatField#TOP}, as in the threaded
 * example), so every rank's tile evolves differently and rank 0's is the threaded example's field.
 */
final class HeatTile {
    /** Value of the left edge per rank: enough to make every rank's tile differ. */
    static final double LEFT_PER_RANK = 10.0;

    private final int n;
    private double[] current;
    private double[] next;

    /** The tile of {@code rank} at step 0. */
    HeatTile(int n, int rank) {
        this.n = n;
        this.current = new double[n * n];
        this.next = new double[n * n];
        HeatField.initialRows(current, n, 0, n);
        for (int i = 1; i < n - 1; i++) {
            current[i * n] = LEFT_PER_RANK * rank;
        }
    }

    int size() {
        return n;
    }

    /** The cells, row-major; a restart reads a checkpoint into it. */
    double[] cells() {
        return current;
    }

    void step() {
        HeatField.stepRows(current, next, n, 0, n);
        double[] t = current;
        current = next;
        next = t;
    }

    /** The cells as big-endian doubles, the bytes the checkpoint's field.bin holds. */
    byte[] bytes() {
        ByteBuffer bytes = ByteBuffer.allocate(current.length * Double.BYTES);
        bytes.asDoubleBuffer().put(current);
        return bytes.array();
    }

    /** CRC32C of {@link #bytes()}, as eight hex digits. */
    String checksum() {
        return Crc32c.hex(Crc32c.of(bytes()));
    }
}
