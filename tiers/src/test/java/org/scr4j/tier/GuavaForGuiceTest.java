package org.scr4j.tier;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableMap;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Hadoop Common asks for Guava 27, Guice 7 needs 31 or later; whichever Maven picks decides whether
 * TierModule can be built at all, so a wrong pick should fail here with the reason, not as a
 * NoSuchMethodError deep inside Guice.
 */
class GuavaForGuiceTest {
    @Test
    void theGuavaOnTheClassPathIsNewEnoughForGuice() {
        boolean hasBuildOrThrow = Arrays.stream(ImmutableMap.Builder.class.getMethods()).anyMatch(m -> m.getName().equals("buildOrThrow"));
        assertTrue(hasBuildOrThrow, "Guice 7 needs Guava 31 or later, but the class path has "
                + ImmutableMap.class.getProtectionDomain().getCodeSource().getLocation()
                + ". Fix: pin com.google.guava:guava in the parent pom's dependencyManagement");
    }
}
