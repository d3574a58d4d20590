package org.scr4j.erasure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Codes beyond k + m = 12, up to the 256 units GF(2^8) allows: random erasure patterns of up to m units. */
class RandomDecodeTest {
    static Stream<Arguments> codes() {
        List<Arguments> codes = new ArrayList<>();
        for (CoderChoice choice : new CoderChoice[] {CoderChoice.VECTOR, CoderChoice.SCALAR}) {
            for (ErasureCode code : new ErasureCode[] {ErasureCode.rs(10, 4), ErasureCode.rs(20, 6), ErasureCode.rs(16, 16),
                ErasureCode.rs(200, 56), ErasureCode.rs(255, 1), ErasureCode.rs(1, 255), ErasureCode.xor(100), ErasureCode.xor(255)}) {
                codes.add(Arguments.of(code, choice));
            }
        }
        return codes.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("codes")
    void randomPatternsOfUpToMLostUnitsAreRebuiltBitForBit(ErasureCode code, CoderChoice choice) {
        long seed = 31L * code.hashCode() + choice.ordinal();
        Random random = new Random(seed);
        ErasureCoder coder = Coders.create(code, choice);
        int length = 1 + random.nextInt(300);
        byte[][] data = Stripes.random(random, code.dataUnits(), length);
        byte[][] parity = new byte[code.parityUnits()][length];
        coder.encode(data, parity);
        byte[][] original = Stripes.join(data, parity);
        List<Integer> all = new ArrayList<>();
        for (int u = 0; u < code.totalUnits(); u++) {
            all.add(u);
        }
        for (int trial = 0; trial < 25; trial++) {
            Collections.shuffle(all, random);
            // Always try the full tolerance, and smaller patterns too.
            int lost = trial == 0 ? code.parityUnits() : 1 + random.nextInt(code.parityUnits());
            int[] erased = all.subList(0, lost).stream().mapToInt(Integer::intValue).toArray();
            byte[][] units = Stripes.copy(original);
            for (int u : erased) {
                units[u] = new byte[length];
            }
            coder.decode(units, erased);
            for (int u : erased) {
                assertArrayEquals(original[u], units[u], code + " seed " + seed + " trial " + trial + " unit " + u);
            }
        }
    }
}
