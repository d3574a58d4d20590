package org.scr4j.tier.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.tier.StorageTier;
import org.scr4j.tier.TestData;
import org.scr4j.tier.TestTiers;
import org.scr4j.tier.TierException;
import org.scr4j.tier.TierHealth;

class LocalTierHealthTest {
    @TempDir
    Path temp;

    private StorageTier open(OptionalLong capacity) throws IOException {
        return TestTiers.open(TestTiers.registry(), "ssd", temp.resolve("ssd").toString(), capacity, Map.of());
    }

    @Test
    void aHealthyTierHasNoProblemsAndLeavesNoProbeFileBehind() throws IOException {
        try (StorageTier tier = open(OptionalLong.empty())) {
            TierHealth health = tier.checkHealth();
            assertEquals("testssd", health.tier());
            assertEquals(List.of(), health.problems());
            assertTrue(health.healthy());
            health.orThrow();
            assertEquals(List.of(), LocalTierContract.regularFiles(temp));
        }
    }

    @Test
    void aDeletedBaseIsReportedByItsPath() throws IOException {
        try (StorageTier tier = open(OptionalLong.empty())) {
            TestData.write(tier, "ckpt.1", "state.bin", TestData.bytes(10, 1));
            PathUtils.deleteDirectory(temp.resolve("ssd"));
            TierHealth health = tier.checkHealth();
            assertFalse(health.healthy());
            assertEquals(List.of("tier 'testssd' at " + temp.resolve("ssd") + ": the directory does not exist. Fix: create it, or point"
                    + " scr.tier.testssd.base at an existing file system"), health.problems());
            TierException e = assertThrows(TierException.class, health::orThrow);
            assertEquals(health.problems().get(0), e.getMessage());
        }
    }

    @Test
    void aTierFilledToItsCapacityIsReportedWithTheFix() throws IOException {
        try (StorageTier tier = open(OptionalLong.of(1000))) {
            TestData.write(tier, "ckpt.1", "state.bin", TestData.bytes(1000, 1));
            assertEquals(List.of("tier 'testssd' at " + temp.resolve("ssd") + ": 1000 bytes used of its capacity of 1000. Fix: delete"
                    + " datasets, or raise scr.tier.testssd.capacity"), tier.checkHealth().problems());
        }
    }
}
