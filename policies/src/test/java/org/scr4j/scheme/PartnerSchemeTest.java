package org.scr4j.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PartnerSchemeTest {
    private static LossDrill drill(List<String> nodes, int setSize) {
        return new LossDrill(PartnerScheme::new, nodes, setSize, 2, LossDrill.partner());
    }

    @Test
    void partnerRingOfFourSurvivesAnyLossThatSparesEachRanksPartner() throws Exception {
        LossDrill d = drill(SchemeJob.spread(4, 4), 8).everyCombination(2, LossDrill.Move.SAME_NODE);
        assertEquals(4 + 2, d.survived, "one node, or two that are not neighbours in the ring");
        assertEquals(4, d.refused, "two neighbours in the ring");
    }

    @Test
    void twoRanksPerNodeKeepTheirCopiesOnOtherNodes() throws Exception {
        LossDrill d = drill(SchemeJob.spread(8, 4), 8).everyCombination(2, LossDrill.Move.SAME_NODE);
        assertEquals(4 + 2, d.survived);
        assertEquals(4, d.refused);
    }

    @Test
    void aPairOfNodesSurvivesEitherLoss() throws Exception {
        LossDrill d = drill(SchemeJob.spread(2, 2), 8).everyCombination(2, LossDrill.Move.SAME_NODE);
        assertEquals(2, d.survived);
        assertEquals(1, d.refused);
    }

    @Test
    void partnerRebuildsOntoSpareNodesAndOntoSurvivingNodes() throws Exception {
        assertEquals(5, drill(SchemeJob.spread(5, 5), 8).everyCombination(1, LossDrill.Move.SPARE).survived);
        assertEquals(5, drill(SchemeJob.spread(5, 5), 8).everyCombination(1, LossDrill.Move.DOUBLE_UP).survived);
    }

    @Test
    void setsOfThreeOnSixNodes() throws Exception {
        LossDrill d = drill(SchemeJob.spread(6, 6), 3).everyCombination(2, LossDrill.Move.SAME_NODE);
        assertEquals(6 + 9, d.survived, "one node, or two nodes of different sets");
        assertEquals(6, d.refused, "two nodes of one ring of three are always neighbours");
    }
}
