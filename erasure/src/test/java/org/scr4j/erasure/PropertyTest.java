package org.scr4j.erasure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random stripes of every awkward size (0, 1, odd, around the vector width and the scalar block)
 * at random offsets, as arrays, heap buffers and direct buffers: every kernel and every kind of
 * unit gives the same bytes, and nothing outside a buffer's window is touched.
 */
class PropertyTest {
    private static final int[] SIZES = {0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 1000, 4095,
        16383, 16384, 16385, 65537, 100_003};
    private static final ErasureCode[] CODES = {ErasureCode.rs(8, 2), ErasureCode.rs(6, 3), ErasureCode.rs(3, 5),
        ErasureCode.rs(1, 1), ErasureCode.xor(8), ErasureCode.xor(1), ErasureCode.rs(12, 4)};

    @Test
    void vectorScalarAndHadoopEncodeTheSameParityForEverySizeAndOffset() {
        long seed = 20261121L;
        Random random = new Random(seed);
        for (ErasureCode code : CODES) {
            ErasureCoder vector = Coders.create(code, CoderChoice.VECTOR);
            ErasureCoder scalar = Coders.create(code, CoderChoice.SCALAR);
            ErasureCoder hadoop = Coders.create(code, CoderChoice.HADOOP_JAVA);
            for (int size : SIZES) {
                String where = code + " size " + size + " seed " + seed;
                byte[][] data = Stripes.random(random, code.dataUnits(), size);
                byte[][] expected = new byte[code.parityUnits()][size];
                vector.encode(data, expected);
                byte[][] fromScalar = new byte[code.parityUnits()][size];
                scalar.encode(data, fromScalar);
                assertArrayEquals(expected, fromScalar, "scalar vs vector, " + where);
                if (size > 0) {
                    byte[][] fromHadoop = new byte[code.parityUnits()][size];
                    hadoop.encode(data, fromHadoop);
                    assertArrayEquals(expected, fromHadoop, "Hadoop vs vector, " + where);
                }
                for (ErasureCoder coder : new ErasureCoder[] {vector, scalar}) {
                    for (boolean direct : new boolean[] {false, true}) {
                        assertBufferEncode(coder, data, expected, direct, random, where + " " + coder.implementation()
                                + (direct ? " direct" : " heap"));
                    }
                }
            }
        }
    }

    private static void assertBufferEncode(ErasureCoder coder, byte[][] data, byte[][] expected, boolean direct, Random random,
            String where) {
        ByteBuffer[] in = new ByteBuffer[data.length];
        for (int i = 0; i < data.length; i++) {
            in[i] = Stripes.buffer(data[i], direct, random.nextInt(40), random);
        }
        ByteBuffer[] out = new ByteBuffer[expected.length];
        byte[][] before = new byte[expected.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Stripes.buffer(new byte[expected[i].length], direct, random.nextInt(40), random);
            before[i] = whole(out[i]);
        }
        int[] positions = Arrays.stream(in).mapToInt(ByteBuffer::position).toArray();
        coder.encode(in, out);
        for (int i = 0; i < out.length; i++) {
            assertArrayEquals(expected[i], Stripes.bytes(out[i]), where + " parity " + i);
            assertOutsideUntouched(before[i], whole(out[i]), out[i], where + " parity " + i);
        }
        for (int i = 0; i < in.length; i++) {
            assertEquals(positions[i], in[i].position(), where + ": input positions are left where they were");
        }
    }

    @Test
    void decodingBuffersOfEitherKindAtAnyOffsetRebuildsTheLostUnits() {
        long seed = 77L;
        Random random = new Random(seed);
        for (ErasureCode code : CODES) {
            for (CoderChoice choice : new CoderChoice[] {CoderChoice.VECTOR, CoderChoice.SCALAR}) {
                ErasureCoder coder = Coders.create(code, choice);
                for (int size : SIZES) {
                    byte[][] data = Stripes.random(random, code.dataUnits(), size);
                    byte[][] parity = new byte[code.parityUnits()][size];
                    coder.encode(data, parity);
                    byte[][] original = Stripes.join(data, parity);
                    int lost = 1 + random.nextInt(code.parityUnits());
                    int[] erased = random.ints(0, code.totalUnits()).distinct().limit(lost).toArray();
                    boolean direct = random.nextBoolean();
                    ByteBuffer[] units = new ByteBuffer[original.length];
                    for (int u = 0; u < units.length; u++) {
                        units[u] = Stripes.buffer(original[u], direct, random.nextInt(40), random);
                    }
                    for (int u : erased) {
                        units[u] = Stripes.buffer(new byte[size], direct, random.nextInt(40), random);
                    }
                    coder.decode(units, erased);
                    for (int u : erased) {
                        assertArrayEquals(original[u], Stripes.bytes(units[u]),
                                code + " " + choice + " size " + size + " lost " + Arrays.toString(erased) + " seed " + seed);
                    }
                }
            }
        }
    }

    @Test
    void unitsOfMixedKindsAndByteOrdersDecodeAlike() {
        Random random = new Random(5);
        ErasureCode code = ErasureCode.rs(4, 2);
        for (CoderChoice choice : new CoderChoice[] {CoderChoice.VECTOR, CoderChoice.SCALAR}) {
            ErasureCoder coder = Coders.create(code, choice);
            byte[][] data = Stripes.random(random, 4, 1003);
            byte[][] parity = new byte[2][1003];
            coder.encode(data, parity);
            byte[][] original = Stripes.join(data, parity);
            ByteBuffer[] units = new ByteBuffer[6];
            for (int u = 0; u < 6; u++) {
                units[u] = Stripes.buffer(original[u], u % 2 == 0, u, random)
                        .order(u % 3 == 0 ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
            }
            units[1] = Stripes.buffer(new byte[1003], false, 3, random);
            units[4] = Stripes.buffer(new byte[1003], true, 9, random).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            coder.decode(units, new int[] {1, 4});
            assertArrayEquals(original[1], Stripes.bytes(units[1]), choice + " unit 1");
            assertArrayEquals(original[4], Stripes.bytes(units[4]), choice + " unit 4");
        }
    }

    private static byte[] whole(ByteBuffer b) {
        ByteBuffer all = b.duplicate().clear();
        byte[] bytes = new byte[all.remaining()];
        all.get(bytes);
        return bytes;
    }

    private static void assertOutsideUntouched(byte[] before, byte[] after, ByteBuffer window, String where) {
        for (int i = 0; i < before.length; i++) {
            if (i < window.position() || i >= window.limit()) {
                assertEquals(before[i], after[i], where + ": byte " + i + " outside the window changed");
            }
        }
    }
}
