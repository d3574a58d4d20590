package org.scr4j.scheme;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How an XOR or RS set lays its data and parity out. Each member's data is its files concatenated
 * in manifest order, zero-padded to k chunks of {@code chunk} bytes (the set's largest data
 * rounded up). There are as many rows as members; row r holds one unit of every member: its
 * parity holders are members (r + t) mod N for t &lt; m (unit k + t), its data units are chunk j
 * of member (r + m + j) mod N (unit j). So each member holds k data chunks and m parity units,
 * one unit per row, and losing a member loses exactly one unit of every row.
 *
 * @param parity  m, the parity units per row
 * @param chunk   bytes of every unit
 * @param lengths each member's real data bytes, in member order (padding is not stored)
 */
record StripeGeometry(int parity, long chunk, List<Long> lengths) {
    StripeGeometry {
        lengths = List.copyOf(requireNonNull(lengths, "lengths is null"));
        if (parity < 1 || parity >= lengths.size() || chunk < 0) {
            throw new IllegalArgumentException("a stripe of " + lengths.size() + " members cannot have " + parity
                    + " parity units and chunks of " + chunk + " bytes");
        }
    }

    /** The geometry of a set whose members hold {@code lengths} bytes. */
    static StripeGeometry of(int parity, List<Long> lengths) {
        int k = lengths.size() - parity;
        long largest = lengths.stream().mapToLong(Long::longValue).max().orElse(0);
        return new StripeGeometry(parity, (largest + k - 1) / Math.max(1, k), lengths);
    }

    int members() {
        return lengths.size();
    }

    /** k, the data units per row. */
    int data() {
        return members() - parity;
    }

    /** The member that holds unit {@code unit} of row {@code row}. */
    int holder(int row, int unit) {
        int k = data();
        return unit < k ? (row + parity + unit) % members() : (row + unit - k) % members();
    }

    /** The unit member {@code member} holds in row {@code row}. */
    int unit(int member, int row) {
        int d = Math.floorMod(member - row, members());
        return d < parity ? data() + d : d - parity;
    }

    /** The row whose parity unit k + t member {@code member} holds. */
    int parityRow(int member, int t) {
        return Math.floorMod(member - t, members());
    }

    int pieces(int pieceSize) {
        return (int) ((chunk + pieceSize - 1) / pieceSize);
    }

    int pieceLength(int piece, int pieceSize) {
        return (int) Math.min(pieceSize, chunk - (long) piece * pieceSize);
    }

    /** The offset in a member's data of byte {@code from} of its data unit {@code unit} (its chunk). */
    long dataOffset(int unit, long from) {
        return unit * chunk + from;
    }

    /** How many of {@code length} bytes from {@code from} of a member's chunk are real data, not padding. */
    int realBytes(int member, int unit, long from, int length) {
        long real = lengths.get(member) - dataOffset(unit, from);
        return (int) Math.max(0, Math.min(length, real));
    }
}
