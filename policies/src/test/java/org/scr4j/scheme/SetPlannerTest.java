package org.scr4j.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.scr4j.erasure.CoderChoice;

class SetPlannerTest {
    private static final int MAX = 256;

    private static List<List<Integer>> layout(List<String> groups, int setSize) {
        return SetPlanner.plan(groups, setSize, MAX).layout();
    }

    /** Every rank is in one set or unprotected, and no set holds two members of one failure group. */
    private static void checkInvariants(List<String> groups, SetPlan plan, int maxSize) {
        Set<Integer> seen = new TreeSet<>(plan.unprotected());
        assertEquals(plan.unprotected().size(), seen.size());
        for (RedundancySet set : plan.sets()) {
            assertTrue(set.size() >= 2 && set.size() <= maxSize, "set size " + set.size());
            Set<String> used = new HashSet<>();
            for (RedundancySet.Member m : set.members()) {
                assertTrue(seen.add(m.rank()), "rank " + m.rank() + " is in two places");
                assertEquals(groups.get(m.rank()), m.failureGroup());
                assertTrue(used.add(m.failureGroup()), "two members of " + m.failureGroup() + " in set " + set.id());
            }
        }
        assertEquals(groups.size(), seen.size(), "every rank is placed");
    }

    @Test
    void eightRanksOnEightNodesInSetsOfFourMakeTwoSets() {
        assertEquals(List.of(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7)), layout(SchemeJob.spread(8, 8), 4));
    }

    @Test
    void aColumnIsCutIntoEvenSetsOfAtLeastTheSetSize() {
        assertEquals(List.of(List.of(0, 1, 2, 3, 4), List.of(5, 6, 7, 8, 9)), layout(SchemeJob.spread(10, 10), 4));
        assertEquals(List.of(List.of(0, 1, 2, 3, 4, 5, 6)), layout(SchemeJob.spread(7, 7), 4), "7 / 4 is one set");
        assertEquals(List.of(List.of(0, 1, 2)), layout(SchemeJob.spread(3, 3), 8), "fewer ranks than the set size");
        assertEquals(List.of(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7), List.of(8, 9, 10)),
                SetPlanner.plan(SchemeJob.spread(11, 11), 64, 4).layout(), "the coder's limit caps a set");
    }

    @Test
    void severalRanksPerNodeFormOneColumnPerRankOfANode() {
        // Rank r on node r mod 4: node n0 holds ranks 0 and 4, so ranks 0..3 and 4..7 form the columns.
        assertEquals(List.of(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7)), layout(SchemeJob.spread(8, 4), 8));
        // Consecutive ranks on a node, as Slurm's block distribution places them.
        List<String> block = List.of("a", "a", "b", "b", "c", "c");
        assertEquals(List.of(List.of(0, 2, 4), List.of(1, 3, 5)), layout(block, 8));
    }

    @Test
    void aRankAloneInItsColumnJoinsASetThatLacksItsNodeOrPairsUp() {
        // Node a has three ranks, b and c one each: a's second rank pairs with c's, its third has nobody.
        SetPlan plan = SetPlanner.plan(List.of("a", "a", "a", "b", "c"), 8, MAX);
        assertEquals(List.of(List.of(0, 3), List.of(1, 4)), plan.layout());
        assertEquals(List.of(2), plan.unprotected());
        // Node a has two ranks and five other nodes one each: a's second rank joins the second set of the first column.
        SetPlan joined = SetPlanner.plan(List.of("a", "a", "b", "c", "d", "e", "f"), 3, MAX);
        assertEquals(List.of(List.of(0, 2, 3), List.of(4, 5, 6, 1)), joined.layout());
    }

    @Test
    void oneNodeOrASetSizeOfOneProtectsNobody() {
        SetPlan oneNode = SetPlanner.plan(List.of("n0", "n0", "n0"), 8, MAX);
        assertEquals(List.of(), oneNode.sets());
        assertEquals(List.of(0, 1, 2), oneNode.unprotected());
        assertEquals(List.of(), SetPlanner.plan(SchemeJob.spread(4, 4), 1, MAX).sets());
        SchemeOptions single = new SchemeOptions(8, 2, List.of("n0", "n0", "n0"));
        Optional<String> why = new XorScheme(CoderChoice.AUTO, 1000).cannotProtect(single);
        assertTrue(why.isPresent() && why.get().contains("one failure group (n0)"), why.toString());
        assertTrue(new PartnerScheme().cannotProtect(single).isPresent());
        assertTrue(new RsScheme(CoderChoice.AUTO, 1000).cannotProtect(new SchemeOptions(1, 2, SchemeJob.spread(4, 4))).get()
                .contains("scr.set.size is 1"));
        assertEquals(Optional.empty(), new RsScheme(CoderChoice.AUTO, 1000).cannotProtect(new SchemeOptions(8, 2,
                List.of("n0", "n0", "n1"))));
    }

    @Test
    void partnerRingGoesAcrossNodes() {
        // Each rank's partner is the next member of its set: always on another node.
        List<String> groups = List.of("a", "a", "b", "b", "c", "c", "d");
        SetPlan plan = SetPlanner.plan(groups, 8, Integer.MAX_VALUE);
        for (RedundancySet set : plan.sets()) {
            for (int i = 0; i < set.size(); i++) {
                int partner = set.rank((i + 1) % set.size());
                assertNotEquals(groups.get(set.rank(i)), groups.get(partner), "rank " + set.rank(i) + " and its partner " + partner);
            }
        }
        assertEquals(List.of(List.of(0, 2, 4, 6), List.of(1, 3, 5)), plan.layout());
    }

    @Test
    void randomLayoutsKeepTheInvariants() {
        SplittableRandom random = new SplittableRandom(5);
        for (int trial = 0; trial < 500; trial++) {
            int ranks = 1 + random.nextInt(60);
            int nodes = 1 + random.nextInt(12);
            List<String> groups = new ArrayList<>();
            for (int r = 0; r < ranks; r++) {
                groups.add("n" + random.nextInt(nodes));
            }
            int setSize = 1 + random.nextInt(10);
            int maxSize = 2 + random.nextInt(20);
            SetPlan plan = SetPlanner.plan(groups, setSize, maxSize);
            if (setSize >= 2) {
                checkInvariants(groups, plan, maxSize);
            }
            assertEquals(plan.layout(), SetPlanner.plan(groups, setSize, maxSize).layout(), "the same plan on every rank");
        }
    }
}
