package org.scr4j.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.scr4j.erasure.CoderChoice;

class XorSchemeTest {
    /** Small pieces so that a few KiB of data cross piece, chunk and file boundaries many times. */
    static final int PIECE = 1000;

    private static LossDrill drill(List<String> nodes, int setSize) {
        return new LossDrill(() -> new XorScheme(CoderChoice.AUTO, PIECE), nodes, setSize, 2, LossDrill.perSet(1));
    }

    @Test
    void xorSetOfFourRebuildsEveryLostNodeBitForBitAndRefusesTwo() throws Exception {
        LossDrill d = drill(SchemeJob.spread(4, 4), 8).everyCombination(2, LossDrill.Move.SAME_NODE);
        assertEquals(4, d.survived);
        assertEquals(6, d.refused);
    }

    @Test
    void twoSetsOfFourOnEightNodesSurviveOneLossInEachSet() throws Exception {
        LossDrill d = drill(SchemeJob.spread(8, 8), 4).everyCombination(2, LossDrill.Move.SAME_NODE);
        assertEquals(8 + 16, d.survived, "one node, or two nodes of different sets");
        assertEquals(12, d.refused, "two nodes of one set");
    }

    @Test
    void twoRanksPerNodeLoseOneMemberOfEachSetWithANode() throws Exception {
        LossDrill d = drill(SchemeJob.spread(8, 4), 8).everyCombination(2, LossDrill.Move.SAME_NODE);
        assertEquals(4, d.survived);
        assertEquals(6, d.refused);
    }

    @Test
    void lostRanksRebuiltOntoSpareNodesKeepTheirSets() throws Exception {
        LossDrill d = drill(SchemeJob.spread(6, 6), 8).everyCombination(1, LossDrill.Move.SPARE);
        assertEquals(6, d.survived);
    }

    @Test
    void lostRanksDoubledUpOnSurvivingNodesAreProtectedAfresh() throws Exception {
        LossDrill d = drill(SchemeJob.spread(5, 5), 8).everyCombination(1, LossDrill.Move.DOUBLE_UP);
        assertTrue(d.survived == 5);
    }
}
