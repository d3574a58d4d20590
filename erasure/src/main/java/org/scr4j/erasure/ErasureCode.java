package org.scr4j.erasure;

/**
 * The shape of a systematic erasure code: k data units and m parity units, any k of which recover
 * all k + m. RS(k, m) is Reed-Solomon; XOR(k) is the m = 1 code whose parity is the XOR of the data.
 */
public record ErasureCode(Kind kind, int dataUnits, int parityUnits) {
    /** Units of GF(2^8) are named by one byte, so a code has at most 256 of them. */
    public static final int MAX_UNITS = 256;

    public enum Kind { RS, XOR }

    public ErasureCode {
        if (kind == null) {
            throw new IllegalArgumentException("kind is null: use ErasureCode.rs(k, m) or ErasureCode.xor(k)");
        }
        if (dataUnits < 1) {
            throw new IllegalArgumentException(kind + " needs at least one data unit, got k = " + dataUnits);
        }
        if (kind == Kind.RS && parityUnits < 1) {
            throw new IllegalArgumentException("RS(" + dataUnits + "," + parityUnits + ") has no parity unit: Reed-Solomon"
                    + " needs m >= 1 parity units (m = 0 protects nothing; use the SINGLE scheme for no redundancy)");
        }
        if (kind == Kind.XOR && parityUnits != 1) {
            throw new IllegalArgumentException("XOR has exactly one parity unit, got m = " + parityUnits
                    + ": for more parity units use RS(" + dataUnits + "," + parityUnits + ")");
        }
        if (dataUnits + parityUnits > MAX_UNITS) {
            throw new IllegalArgumentException(kind + "(" + dataUnits + "," + parityUnits + ") has " + (dataUnits + parityUnits)
                    + " units, more than the " + MAX_UNITS + " that GF(2^8) allows (k + m <= 256): use smaller sets");
        }
    }

    public static ErasureCode rs(int dataUnits, int parityUnits) {
        return new ErasureCode(Kind.RS, dataUnits, parityUnits);
    }

    public static ErasureCode xor(int dataUnits) {
        return new ErasureCode(Kind.XOR, dataUnits, 1);
    }

    public int totalUnits() {
        return dataUnits + parityUnits;
    }

    @Override
    public String toString() {
        return kind + "(" + dataUnits + "," + parityUnits + ")";
    }
}
