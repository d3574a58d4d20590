package org.scr4j.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.scr4j.erasure.Crc32c;

class CrcCombineTest {
    @Test
    void theChecksumsOfTwoPartsGiveTheChecksumOfTheWhole() {
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 200; trial++) {
            byte[] whole = new byte[random.nextInt(5000)];
            random.nextBytes(whole);
            int cut = random.nextInt(whole.length + 1);
            long a = Crc32c.of(Arrays.copyOfRange(whole, 0, cut));
            long b = Crc32c.of(Arrays.copyOfRange(whole, cut, whole.length));
            assertEquals(Crc32c.of(whole), CrcCombine.combine(a, b, whole.length - cut), "cut at " + cut + " of " + whole.length);
        }
    }
}
