package org.scr4j.erasure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every erasure pattern of up to m units, for every RS(k, m) and XOR(k) with k + m <= 12, on both kernels. */
class ExhaustiveDecodeTest {
    static Stream<Arguments> codes() {
        List<Arguments> codes = new ArrayList<>();
        for (CoderChoice choice : new CoderChoice[] {CoderChoice.VECTOR, CoderChoice.SCALAR}) {
            for (int n = 2; n <= 12; n++) {
                for (int m = 1; m < n; m++) {
                    codes.add(Arguments.of(ErasureCode.rs(n - m, m), choice));
                }
                codes.add(Arguments.of(ErasureCode.xor(n - 1), choice));
            }
        }
        return codes.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("codes")
    void everyPatternOfUpToMLostUnitsIsRebuiltBitForBit(ErasureCode code, CoderChoice choice) {
        ErasureCoder coder = Coders.create(code, choice);
        Random random = new Random(code.hashCode());
        // 77 bytes: two full 32-byte vectors and a tail, so both the vector body and the tail run.
        byte[][] data = Stripes.random(random, code.dataUnits(), 77);
        byte[][] parity = new byte[code.parityUnits()][77];
        coder.encode(data, parity);
        byte[][] original = Stripes.join(data, parity);
        int n = code.totalUnits();
        int patterns = 0;
        for (int mask = 1; mask < 1 << n; mask++) {
            if (Integer.bitCount(mask) > code.parityUnits()) {
                continue;
            }
            int[] erased = new int[Integer.bitCount(mask)];
            byte[][] units = Stripes.copy(original);
            for (int u = 0, e = 0; u < n; u++) {
                if ((mask & 1 << u) != 0) {
                    erased[e++] = u;
                    units[u] = new byte[77];
                }
            }
            coder.decode(units, erased);
            for (int u : erased) {
                assertArrayEquals(original[u], units[u], code + " lost " + java.util.Arrays.toString(erased) + ", unit " + u);
            }
            patterns++;
        }
        assertTrue(patterns >= n, "patterns tried: " + patterns);
    }
}
