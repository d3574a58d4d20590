package org.scr4j.erasure;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Checks the units handed to a coder, with messages that name the unit and the fix. */
final class Units {
    private static final ToIntFunction<Object> LENGTH = u -> u instanceof byte[] a ? a.length : ((ByteBuffer) u).remaining();

    private Units() {
    }

    /** What a decode reads (the first k intact units) and writes (the erased ones), over how many bytes. */
    record DecodePlan(int[] sources, int[] targets, int length) {
        String key() {
            return Arrays.toString(sources) + Arrays.toString(targets);
        }
    }

    /** The length of every unit of the stripe. */
    static int checkEncode(ErasureCode code, Object[] data, Object[] parity) {
        if (data == null || parity == null) {
            throw new IllegalArgumentException((data == null ? "the data" : "the parity") + " array is null");
        }
        if (data.length != code.dataUnits()) {
            throw new IllegalArgumentException(code + " takes " + code.dataUnits() + " data units, got " + data.length);
        }
        if (parity.length != code.parityUnits()) {
            throw new IllegalArgumentException(code + " takes " + code.parityUnits() + " parity units, got " + parity.length);
        }
        for (int i = 0; i < data.length; i++) {
            if (data[i] == null) {
                throw new IllegalArgumentException("data unit " + i + " is null");
            }
        }
        int length = LENGTH.applyAsInt(data[0]);
        for (int i = 0; i < parity.length; i++) {
            checkOutput(parity[i], "parity unit " + i + " (unit " + (code.dataUnits() + i) + ")", length);
        }
        Object[] all = concat(data, parity);
        for (int u = 0; u < all.length; u++) {
            checkLength(all, u, 0, length);
        }
        return length;
    }

    static DecodePlan checkDecode(ErasureCode code, Object[] units, int[] erased) {
        int n = code.totalUnits();
        if (units == null || erased == null) {
            throw new IllegalArgumentException((units == null ? "the units" : "the erased") + " array is null");
        }
        if (units.length != n) {
            throw new IllegalArgumentException(code + " decodes " + n + " units (data, then parity), got " + units.length);
        }
        boolean[] isErased = new boolean[n];
        for (int e : erased) {
            if (e < 0 || e >= n) {
                throw new IllegalArgumentException("erased unit " + e + " is out of range: " + code + " has units 0 to " + (n - 1));
            }
            if (isErased[e]) {
                throw new IllegalArgumentException("unit " + e + " is listed twice among the erased units " + Arrays.toString(erased));
            }
            isErased[e] = true;
        }
        int[] missing = IntStream.range(0, n).filter(u -> isErased[u] || units[u] == null).toArray();
        if (missing.length > code.parityUnits()) {
            throw new IllegalArgumentException(code + " cannot rebuild: " + missing.length + " of " + n + " units are lost or erased ("
                    + IntStream.of(missing).mapToObj(Integer::toString).collect(Collectors.joining(", ")) + "), more than the "
                    + code.parityUnits() + " its parity can recover");
        }
        int[] sources = IntStream.range(0, n).filter(u -> !isErased[u] && units[u] != null).limit(code.dataUnits()).toArray();
        int length = LENGTH.applyAsInt(units[sources[0]]);
        for (int e : erased) {
            checkOutput(units[e], "erased unit " + e, length);
        }
        for (int u = 0; u < n; u++) {
            if (units[u] != null) {
                checkLength(units, u, sources[0], length);
            }
        }
        return new DecodePlan(sources, erased.clone(), length);
    }

    private static void checkOutput(Object unit, String what, int length) {
        if (unit == null) {
            throw new IllegalArgumentException(what + " is null: pass a buffer of " + length + " bytes for the coder to write");
        }
        if (unit instanceof ByteBuffer b && b.isReadOnly()) {
            throw new IllegalArgumentException(what + " is a read-only buffer: the coder writes into it; pass a writable buffer");
        }
    }

    private static void checkLength(Object[] units, int u, int reference, int length) {
        int actual = LENGTH.applyAsInt(units[u]);
        if (actual != length) {
            throw new IllegalArgumentException("unit " + u + " has " + actual + " bytes but unit " + reference + " has " + length
                    + ": every unit of a stripe must have the same length");
        }
    }

    private static Object[] concat(Object[] a, Object[] b) {
        Object[] all = Arrays.copyOf(a, a.length + b.length, Object[].class);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** True when every buffer is backed by an accessible array, so the faster array loops apply. */
    static boolean allArrays(ByteBuffer[] buffers) {
        for (ByteBuffer b : buffers) {
            if (b != null && !b.hasArray()) {
                return false;
            }
        }
        return true;
    }
}
