package org.scr4j.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class InProcessGroupTest {
    @Test
    void allGatherReturnsEveryRanksValueInRankOrderOnEveryRank() throws Exception {
        List<List<String>> seen = InProcessGroup.run(8, "n0", g -> {
            List<String> rounds = new ArrayList<>();
            for (int round = 0; round < 50; round++) {
                rounds.add(String.join(",", g.allGather("r" + g.rank() + "x" + round)));
            }
            return rounds;
        });
        for (int round = 0; round < 50; round++) {
            StringBuilder expected = new StringBuilder();
            for (int r = 0; r < 8; r++) {
                expected.append(r == 0 ? "" : ",").append("r").append(r).append("x").append(round);
            }
            for (List<String> rank : seen) {
                assertEquals(expected.toString(), rank.get(round));
            }
        }
    }

    @Test
    void reductionsAgreeOnEveryRank() throws Exception {
        List<String> answers = InProcessGroup.run(5, "n0", g -> g.allTrue(g.rank() != 3) + " " + g.anyTrue(g.rank() == 4) + " "
                + g.max(g.rank() * 10L) + " " + g.broadcast("from " + g.rank()) + " " + g.allTrue(true));
        assertEquals(List.of("false true 40 from 0 true"), answers.stream().distinct().toList());
    }

    @Test
    void aSingleRankIsItsOwnAnswer() {
        Group solo = new SoloGroup("n0");
        assertEquals(List.of("x"), solo.allGather("x"));
        assertFalse(solo.allTrue(false));
        assertEquals(7, solo.max(7));
    }

    @Test
    void aFailingRankBreaksTheOthersWaitInsteadOfHangingThem() {
        List<Throwable> others = new CopyOnWriteArrayList<>();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> InProcessGroup.run(4, "n0", g -> {
            if (g.rank() == 2) {
                throw new IllegalStateException("rank 2 ran out of memory");
            }
            try {
                g.barrier();
            } catch (GroupException e) {
                others.add(e);
                throw e;
            }
            return null;
        }));
        assertEquals("rank 2 ran out of memory", thrown.getMessage());
        assertEquals(3, others.size());
        assertTrue(others.stream().allMatch(e -> e.getMessage().contains("rank 2 ran out of memory")), others.toString());
    }

    @Test
    void ranksOutsideTheGroupAreRefused() {
        InProcessGroup group = new InProcessGroup(2, "n0");
        assertThrows(IllegalArgumentException.class, () -> group.member(2));
        assertThrows(IllegalArgumentException.class, () -> new InProcessGroup(0, "n0"));
    }
}
