package org.scr4j.advice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IntervalsTest {
    @Test
    void youngIsTheSquareRootOfTwiceCostTimesMtbf() {
        assertEquals(268.328, Intervals.young(10, 3600), 1e-3); // sqrt(72000)
        assertEquals(180.0, Intervals.young(3, 5400), 1e-9); // sqrt(32400)
    }

    @Test
    void dalyAddsTheHigherOrderTermsAndSubtractsTheCost() {
        // C = 10 s, M = 1 h: C/2M = 1/720; sqrt(72000) * (1 + sqrt(1/720)/3 + 1/6480) - 10 = 268.328 * 1.012577 - 10
        assertEquals(261.703, Intervals.daly(10, 3600), 1e-3);
        // C = 60 s, M = 30 min: C/2M = 1/60; 464.758 * (1 + 0.043033 + 0.001852) - 60
        assertEquals(425.619, Intervals.daly(60, 1800), 1e-3);
        // C = 30 s, M = 20 s: still under 2M; 34.641 * (1 + 0.288675 + 0.083333) - 30
        assertEquals(17.528, Intervals.daly(30, 20), 1e-3);
    }

    @Test
    void dalyIsTheMtbfOnceACheckpointCostsTwoMtbfsOrMore() {
        assertEquals(40, Intervals.daly(100, 40));
        assertEquals(40, Intervals.daly(80, 40), "C = 2M exactly");
        assertEquals(89.443, Intervals.young(100, 40), 1e-3, "Young has no such case");
    }

    @Test
    void forACheapCheckpointDalyComesCloseToYoung() {
        double young = Intervals.young(1, 86400);
        double daly = Intervals.daly(1, 86400);
        assertTrue(daly < young && (young - daly) / young < 0.002, young + " vs " + daly);
    }

    @Test
    void aNegativeCostOrANonPositiveMtbfIsRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Intervals.young(-1, 10)).getMessage()
                .contains("checkpoint cost"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Intervals.daly(1, 0)).getMessage()
                .contains("mean time between failures"));
        assertThrows(IllegalArgumentException.class, () -> Intervals.daly(Double.NaN, 10));
        assertThrows(IllegalArgumentException.class, () -> Intervals.young(1, Double.POSITIVE_INFINITY));
    }
}
