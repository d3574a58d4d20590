package org.scr4j.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Each kind of bad input is an exception whose message names the problem. */
class BadInputTest {
    private static String message(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + message + "' should mention '" + part + "'");
        }
    }

    @Test
    void moreThan256UnitsIsRefused() {
        assertMentions(message(() -> ErasureCode.rs(250, 10)), "RS(250,10)", "260 units", "k + m <= 256");
        assertMentions(message(() -> ErasureCode.xor(256)), "257 units");
    }

    @Test
    void reedSolomonWithoutParityIsRefused() {
        assertMentions(message(() -> ErasureCode.rs(8, 0)), "RS(8,0)", "m >= 1", "SINGLE");
        assertMentions(message(() -> ErasureCode.rs(0, 2)), "at least one data unit");
        assertMentions(message(() -> new ErasureCode(ErasureCode.Kind.XOR, 4, 2)), "exactly one parity unit", "RS(4,2)");
    }

    @Test
    void unitsOfUnequalLengthAreRefused() {
        ErasureCoder coder = Coders.create(ErasureCode.rs(3, 2));
        byte[][] data = {new byte[10], new byte[10], new byte[9]};
        assertMentions(message(() -> coder.encode(data, new byte[2][10])), "unit 2 has 9 bytes", "unit 0 has 10", "same length");
        assertMentions(message(() -> coder.encode(new byte[3][10], new byte[][] {new byte[10], new byte[11]})), "unit 4 has 11 bytes");
        ByteBuffer[] units = {ByteBuffer.allocate(8), ByteBuffer.allocate(8), ByteBuffer.allocate(8), ByteBuffer.allocate(7), null};
        assertMentions(message(() -> coder.decode(units, new int[] {3})), "unit 3 has 7 bytes");
    }

    @Test
    void moreErasuresThanParityUnitsIsRefusedNamingTheUnits() {
        ErasureCoder coder = Coders.create(ErasureCode.rs(6, 3));
        byte[][] units = new byte[9][16];
        units[7] = null;
        assertMentions(message(() -> coder.decode(units, new int[] {0, 2, 5})), "RS(6,3) cannot rebuild", "4 of 9", "0, 2, 5, 7",
                "3 its parity can recover");
        ErasureCoder xor = Coders.create(ErasureCode.xor(4));
        assertMentions(message(() -> xor.decode(new byte[5][4], new int[] {1, 3})), "2 of 5");
    }

    @Test
    void aNullOrReadOnlyOutputIsRefused() {
        ErasureCoder coder = Coders.create(ErasureCode.rs(2, 2));
        assertMentions(message(() -> coder.encode(new byte[2][4], new byte[][] {new byte[4], null})),
                "parity unit 1 (unit 3) is null", "4 bytes");
        ByteBuffer[] data = {ByteBuffer.allocate(4), ByteBuffer.allocate(4)};
        ByteBuffer[] parity = {ByteBuffer.allocate(4), ByteBuffer.allocate(4).asReadOnlyBuffer()};
        assertMentions(message(() -> coder.encode(data, parity)), "parity unit 1 (unit 3) is a read-only buffer", "writable");
        ByteBuffer[] units = {ByteBuffer.allocate(4), ByteBuffer.allocate(4).asReadOnlyBuffer(), ByteBuffer.allocate(4), null};
        assertMentions(message(() -> coder.decode(units, new int[] {1})), "erased unit 1 is a read-only buffer");
        ByteBuffer[] missingTarget = {null, ByteBuffer.allocate(4), ByteBuffer.allocate(4), ByteBuffer.allocate(4)};
        assertMentions(message(() -> coder.decode(missingTarget, new int[] {0})), "erased unit 0 is null");
    }

    @Test
    void wrongCountsAndIndexesAreRefused() {
        ErasureCoder coder = Coders.create(ErasureCode.rs(4, 2));
        assertMentions(message(() -> coder.encode(new byte[3][8], new byte[2][8])), "takes 4 data units, got 3");
        assertMentions(message(() -> coder.encode(new byte[4][8], new byte[1][8])), "takes 2 parity units, got 1");
        assertMentions(message(() -> coder.decode(new byte[5][8], new int[] {0})), "decodes 6 units", "got 5");
        assertMentions(message(() -> coder.decode(new byte[6][8], new int[] {6})), "erased unit 6 is out of range", "0 to 5");
        assertMentions(message(() -> coder.decode(new byte[6][8], new int[] {2, 2})), "unit 2 is listed twice");
        assertMentions(message(() -> CoderChoice.parse("simd")), "unknown erasure coder 'simd'", "auto, vector, scalar, hadoop-java");
        assertEquals(CoderChoice.HADOOP_JAVA, CoderChoice.parse(" Hadoop-Java "));
    }
}
