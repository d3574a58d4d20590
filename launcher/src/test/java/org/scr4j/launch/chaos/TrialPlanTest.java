package org.scr4j.launch.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Trials are drawn from the seed and their number alone, within the ranges the command promises. */
class TrialPlanTest {
    @Test
    void theSameSeedAndTrialDrawTheSamePlan() {
        assertEquals(TrialPlan.draw(42, 17), TrialPlan.draw(42, 17));
        assertNotEquals(TrialPlan.draw(42, 17), TrialPlan.draw(42, 18));
        assertNotEquals(TrialPlan.draw(42, 17), TrialPlan.draw(43, 17));
    }

    @Test
    void twoHundredTrialsCoverEverySchemeAndFaultKindWithinTheRanges() {
        Set<String> schemes = new HashSet<>();
        Set<FaultKind> kinds = EnumSet.noneOf(FaultKind.class);
        Set<Boolean> async = new HashSet<>();
        IntStream.rangeClosed(1, 200).mapToObj(k -> TrialPlan.draw(7, k)).forEach(p -> {
            schemes.add(p.scheme());
            async.add(p.flushAsync());
            p.faults().forEach(f -> kinds.add(f.kind()));
            assertTrue(p.nodes() >= 3 && p.nodes() <= TrialPlan.MAX_NODES && p.spares() >= 0 && p.spares() <= 2, p::toString);
            assertTrue(p.faults().size() >= 1 && p.faults().size() <= 3, p::toString);
            assertTrue(p.minNodes() >= 2 && p.minNodes() <= p.nodes(), p::toString);
            assertTrue(p.scheme().equals("RS") == (p.setFailures() > 0), p::toString);
        });
        assertEquals(Set.copyOf(TrialPlan.SCHEMES), schemes);
        assertEquals(EnumSet.allOf(FaultKind.class), kinds);
        assertEquals(Set.of(true, false), async);
    }

    @Test
    void theJobFileNamesTheSchemeTheCadenceAndTheRamTier() {
        TrialPlan p = TrialPlan.draw(4403, 3);
        String file = String.join("\n", p.jobFile("/dev/shm/x", "/tmp/prefix"));
        assertTrue(file.contains("STORE=/dev/shm/x/ram NAME=ram TYPE=ramdisk COUNT=" + p.cacheCount()), file);
        assertTrue(file.contains("TYPE=" + p.scheme()), file);
        assertTrue(file.contains("SCR_CHECKPOINT_INTERVAL=" + p.interval()), file);
        assertTrue(file.contains("SCR_FLUSH=" + p.flushEvery()), file);
        assertTrue(file.contains("SCR_PREFIX=/tmp/prefix"), file);
    }
}
