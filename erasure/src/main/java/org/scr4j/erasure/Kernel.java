package org.scr4j.erasure;

/** The arithmetic behind a coder: the vector kernel or the scalar one, same bytes out. */
interface Kernel {
    /** For logs and benchmarks, such as "vector 256-bit" or "scalar". */
    String name();

    /** Prepares the product by {@code rows} (outputs x inputs); a single row of ones is plain XOR. */
    Dot dot(GfMatrix rows);

    static boolean isXor(GfMatrix rows) {
        if (rows.rows() != 1) {
            return false;
        }
        for (int c = 0; c < rows.columns(); c++) {
            if (rows.get(0, c) != 1) {
                return false;
            }
        }
        return true;
    }
}
