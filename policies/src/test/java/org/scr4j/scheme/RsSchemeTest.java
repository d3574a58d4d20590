package org.scr4j.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.scr4j.erasure.CoderChoice;

class RsSchemeTest {
    private static LossDrill drill(List<String> nodes, int setSize, int failures) {
        return new LossDrill(() -> new RsScheme(CoderChoice.AUTO, XorSchemeTest.PIECE), nodes, setSize, failures,
                LossDrill.perSet(failures));
    }

    @Test
    void rsTwoOfFourRebuildsAnyTwoLostNodesAndRefusesThree() throws Exception {
        LossDrill d = drill(SchemeJob.spread(4, 4), 8, 2).everyCombination(3, LossDrill.Move.SAME_NODE);
        assertEquals(4 + 6, d.survived);
        assertEquals(4, d.refused);
    }

    @Test
    void rsTwoOfEightRebuildsEveryPairOfLostNodes() throws Exception {
        LossDrill d = drill(SchemeJob.spread(8, 8), 8, 2).everyCombination(2, LossDrill.Move.SAME_NODE);
        assertEquals(8 + 28, d.survived);
    }

    @Test
    void rsTwoOfEightRefusesThreeLostNodes() throws Exception {
        LossDrill d = drill(SchemeJob.spread(8, 8), 8, 2);
        for (List<String> three : List.of(List.of("n0", "n1", "n2"), List.of("n1", "n4", "n7"), List.of("n5", "n6", "n7"))) {
            d.drill(new java.util.LinkedHashSet<>(three), LossDrill.Move.SAME_NODE);
        }
        assertEquals(3, d.refused);
    }

    @Test
    void rsTwoOfFourWithTwoRanksPerNodeRebuildsAnyTwoNodes() throws Exception {
        LossDrill d = drill(SchemeJob.spread(8, 4), 8, 2).everyCombination(3, LossDrill.Move.SAME_NODE);
        assertEquals(4 + 6, d.survived);
        assertEquals(4, d.refused);
    }

    @Test
    void rsRebuildsOntoSpareNodesAndOntoSurvivingNodes() throws Exception {
        LossDrill spare = drill(SchemeJob.spread(5, 5), 8, 2).everyCombination(2, LossDrill.Move.SPARE);
        assertEquals(5 + 10, spare.survived);
        LossDrill doubled = drill(SchemeJob.spread(6, 6), 8, 2).everyCombination(1, LossDrill.Move.DOUBLE_UP);
        assertEquals(6, doubled.survived);
    }

    @Test
    void aSetOfTwoKeepsOneParityUnitAndSurvivesOneLoss() throws Exception {
        LossDrill d = drill(SchemeJob.spread(2, 2), 8, 2).everyCombination(2, LossDrill.Move.SAME_NODE);
        assertEquals(2, d.survived);
        assertEquals(1, d.refused);
    }
}
