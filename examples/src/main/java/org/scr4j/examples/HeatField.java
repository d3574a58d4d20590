package org.scr4j.examples;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The numerics of the example, free of scr4j and threads: an N x N grid of doubles, row-major in
 * one array, with fixed boundary values (the top edge at {@link #TOP}, the other edges at 0) and an
 * explicit 5-point Jacobi update. Every function works on a range of rows, so that each rank can
 * compute its own share.
 */
public final class HeatField {
    /** Value of the top edge; the other edges are 0. */
    public static final double TOP = 100.0;
    /** Diffusion number of the explicit scheme (stable below 0.25). */
    public static final double ALPHA = 0.24;

    private HeatField() {
    }

    /** The first row of {@code rank}'s share of {@code n} rows among {@code ranks}. */
    static int rowStart(int n, int ranks, int rank) {
        return (int) ((long) n * rank / ranks);
    }

    /** Rows [lo, hi) of the initial field: top edge at {@link #TOP}, everything else 0. */
    static void initialRows(double[] field, int n, int lo, int hi) {
        for (int i = lo; i < hi; i++) {
            for (int j = 0; j < n; j++) {
                field[i * n + j] = i == 0 ? TOP : 0.0;
            }
        }
    }

    /** Rows [lo, hi) of the next field; boundary cells keep their values. */
    static void stepRows(double[] cur, double[] next, int n, int lo, int hi) {
        for (int i = lo; i < hi; i++) {
            int row = i * n;
            if (i == 0 || i == n - 1) {
                System.arraycopy(cur, row, next, row, n);
                continue;
            }
            next[row] = cur[row];
            for (int j = 1; j < n - 1; j++) {
                int k = row + j;
                double c = cur[k];
                next[k] = c + ALPHA * ((cur[k - n] + cur[k + n] + cur[k - 1] + cur[k + 1]) - 4.0 * c);
            }
            next[row + n - 1] = cur[row + n - 1];
        }
    }

    /** SHA-256 of the field's doubles, big-endian, in hex. */
    public static String checksum(double[] field) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        ByteBuffer chunk = ByteBuffer.allocate(8192 * Double.BYTES); // big-endian
        for (int from = 0; from < field.length; from += 8192) {
            int count = Math.min(8192, field.length - from);
            chunk.clear();
            chunk.asDoubleBuffer().put(field, from, count);
            sha.update(chunk.array(), 0, count * Double.BYTES);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The checksum of an uninterrupted run, computed here without scr4j or threads. */
    public static String referenceChecksum(int size, int steps) {
        double[] cur = new double[size * size];
        double[] next = new double[size * size];
        initialRows(cur, size, 0, size);
        for (int s = 0; s < steps; s++) {
            stepRows(cur, next, size, 0, size);
            double[] t = cur;
            cur = next;
            next = t;
        }
        return checksum(cur);
    }
}
