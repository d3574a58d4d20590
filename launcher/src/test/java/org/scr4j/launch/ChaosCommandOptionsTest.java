package org.scr4j.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * What `scr4j chaos` refuses before it starts anything, each with the fix. The trials themselves
 * run the heat example, which sits above the launcher: examples' ChaosCommandTest runs them.
 */
class ChaosCommandOptionsTest {
    @Test
    void aTrialRerunNeedsTheSeedItWasDrawnFrom() {
        Scr4jProcess.Result r = InProcess.run("chaos", "--trial", "17");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("--trial 17 reruns a trial of a known seed") && r.err().contains("--seed 42 --trial 17"),
                r::toString);
    }

    @Test
    void trialsAreCountedFromOne() {
        assertEquals(2, InProcess.run("chaos", "--trials", "0").exitCode());
        Scr4jProcess.Result r = InProcess.run("chaos", "--seed", "1", "--trial", "0");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("--trial counts from 1, not 0"), r::toString);
    }

    @Test
    void withoutTheHeatExampleOnTheClassPathItSaysHowToBuildIt() {
        Scr4jProcess.Result r = InProcess.run("chaos", "--seed", "1", "--trials", "1");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("org.scr4j.examples.HeatProcess is not on the class path")
                && r.err().contains("mvn -DskipTests install"), r::toString);
        assertTrue(r.out().isEmpty(), r::toString);
    }
}
