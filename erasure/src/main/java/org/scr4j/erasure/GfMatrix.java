package org.scr4j.erasure;

import java.util.Arrays;

/** An immutable matrix over GF(2^8): generator matrices and their inverses for decoding. */
public final class GfMatrix {
    private final int rows;
    private final int columns;
    private final byte[] cells;

    private GfMatrix(int rows, int columns, byte[] cells) {
        this.rows = rows;
        this.columns = columns;
        this.cells = cells;
    }

    /** A matrix from its rows; every row must have the same length. */
    public static GfMatrix of(int[][] values) {
        int columns = values.length == 0 ? 0 : values[0].length;
        byte[] cells = new byte[values.length * columns];
        for (int r = 0; r < values.length; r++) {
            if (values[r].length != columns) {
                throw new IllegalArgumentException("row " + r + " has " + values[r].length + " columns, row 0 has " + columns);
            }
            for (int c = 0; c < columns; c++) {
                cells[r * columns + c] = (byte) values[r][c];
            }
        }
        return new GfMatrix(values.length, columns, cells);
    }

    static GfMatrix identity(int n) {
        byte[] cells = new byte[n * n];
        for (int i = 0; i < n; i++) {
            cells[i * n + i] = 1;
        }
        return new GfMatrix(n, n, cells);
    }

    /**
     * The systematic generator of RS(k, m): k identity rows over m Cauchy rows 1 / (i XOR j), with
     * i = k..k+m-1 and j = 0..k-1, as ISA-L's gf_gen_cauchy1_matrix and Hadoop's RSUtil build it.
     * Every square submatrix of a Cauchy matrix is invertible, so any k rows recover the data.
     */
    static GfMatrix cauchyGenerator(int k, int m) {
        int n = k + m;
        byte[] cells = new byte[n * k];
        for (int i = 0; i < k; i++) {
            cells[i * k + i] = 1;
        }
        for (int i = k; i < n; i++) {
            for (int j = 0; j < k; j++) {
                cells[i * k + j] = (byte) Gf256.inv(i ^ j);
            }
        }
        return new GfMatrix(n, k, cells);
    }

    /** The generator of XOR(k): k identity rows over one row of ones. */
    static GfMatrix xorGenerator(int k) {
        byte[] cells = new byte[(k + 1) * k];
        for (int i = 0; i < k; i++) {
            cells[i * k + i] = 1;
            cells[k * k + i] = 1;
        }
        return new GfMatrix(k + 1, k, cells);
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    public int get(int row, int column) {
        return cells[row * columns + column] & 0xFF;
    }

    /** The matrix made of the given rows, in that order. */
    GfMatrix select(int[] rowIndexes) {
        byte[] out = new byte[rowIndexes.length * columns];
        for (int r = 0; r < rowIndexes.length; r++) {
            System.arraycopy(cells, rowIndexes[r] * columns, out, r * columns, columns);
        }
        return new GfMatrix(rowIndexes.length, columns, out);
    }

    GfMatrix times(GfMatrix other) {
        if (columns != other.rows) {
            throw new IllegalArgumentException(rows + "x" + columns + " times " + other.rows + "x" + other.columns);
        }
        byte[] out = new byte[rows * other.columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < other.columns; c++) {
                int sum = 0;
                for (int i = 0; i < columns; i++) {
                    sum ^= Gf256.mul(get(r, i), other.get(i, c));
                }
                out[r * other.columns + c] = (byte) sum;
            }
        }
        return new GfMatrix(rows, other.columns, out);
    }

    /** The inverse by Gauss-Jordan elimination; a singular matrix is an ArithmeticException. */
    GfMatrix invert() {
        if (rows != columns) {
            throw new IllegalArgumentException("only a square matrix has an inverse, this one is " + rows + "x" + columns);
        }
        int n = rows;
        int[][] a = new int[n][2 * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                a[r][c] = get(r, c);
            }
            a[r][n + r] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            while (pivot < n && a[pivot][col] == 0) {
                pivot++;
            }
            if (pivot == n) {
                throw new ArithmeticException("the matrix is singular (column " + col + ")");
            }
            int[] swap = a[col];
            a[col] = a[pivot];
            a[pivot] = swap;
            int scale = Gf256.inv(a[col][col]);
            for (int c = 0; c < 2 * n; c++) {
                a[col][c] = Gf256.mul(a[col][c], scale);
            }
            for (int r = 0; r < n; r++) {
                int factor = a[r][col];
                if (r != col && factor != 0) {
                    for (int c = 0; c < 2 * n; c++) {
                        a[r][c] ^= Gf256.mul(factor, a[col][c]);
                    }
                }
            }
        }
        byte[] out = new byte[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                out[r * n + c] = (byte) a[r][n + c];
            }
        }
        return new GfMatrix(n, n, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GfMatrix m && m.rows == rows && m.columns == columns && Arrays.equals(m.cells, cells);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + columns) + Arrays.hashCode(cells);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                b.append(c == 0 ? "" : " ").append(String.format("%02x", get(r, c)));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
