package org.scr4j.tier.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.tier.StorageTier;
import org.scr4j.tier.TestData;
import org.scr4j.tier.TestTiers;
import org.scr4j.tier.TierException;
import org.scr4j.tier.TierRegistry;

/** The nvram tier in each of its write modes, on a plain (not DAX) directory as a test machine has. */
class NvramTierTest {
    private static final TierRegistry REGISTRY = TestTiers.registry();

    @TempDir
    Path temp;

    @Nested
    class WithSyncAuto extends LocalTierContract {
        @Override
        protected String type() {
            return "nvram";
        }
        // No option: auto is the default, and falls back to fsync where MAP_SYNC is missing.
    }

    @Nested
    class WithSyncFsync extends LocalTierContract {
        @Override
        protected String type() {
            return "nvram";
        }

        @Override
        protected Map<String, String> options() {
            return Map.of("sync", "fsync");
        }
    }

    @Nested
    class WithSyncMsync extends LocalTierContract {
        @Override
        protected String type() {
            return "nvram";
        }

        @Override
        protected Map<String, String> options() {
            return Map.of("sync", "msync");
        }

        @Test
        void aFileLargerThanOneMappingWindowRoundTripsBitForBit() throws IOException {
            long size = NvramTierFactory.WINDOW + 13L;
            String written = TestData.writeRandom(tier, "ckpt.1", "big.bin", size, 64);
            assertEquals(size, tier.length("ckpt.1", "big.bin"), "the mapping's slack is trimmed off");
            assertEquals(written, TestData.readSha256(tier, "ckpt.1", "big.bin"));
        }

        @Test
        void aFileOfExactlyOneWindowIsNotGrownByANextOne() throws IOException {
            String written = TestData.writeRandom(tier, "ckpt.1", "window.bin", NvramTierFactory.WINDOW, 65);
            assertEquals(NvramTierFactory.WINDOW, tier.length("ckpt.1", "window.bin"));
            assertEquals(written, TestData.readSha256(tier, "ckpt.1", "window.bin"));
        }
    }

    @Test
    void mapsyncOnADirectoryWithoutDaxIsRefusedNamingTheFix() throws IOException {
        Path base = temp.resolve("pmem");
        TierException e = assertThrows(TierException.class,
                () -> TestTiers.open(REGISTRY, "nvram", base.toString(), OptionalLong.empty(), Map.of("sync", "mapsync")));
        assertTrue(e.getMessage().contains("does not support MAP_SYNC"), e.getMessage());
        assertTrue(e.getMessage().contains("Fix: mount it with -o dax, or set sync=auto"), e.getMessage());
        assertTrue(e.getMessage().contains(base.toString()), e.getMessage());
        assertEquals(List.of(), LocalTierContract.regularFiles(base), "the MAP_SYNC probe file is removed");
    }

    @Test
    void syncAutoOnADirectoryWithoutDaxStillOpensAndLeavesNoProbeFile() throws IOException {
        Path base = temp.resolve("pmem");
        try (StorageTier tier = TestTiers.open(REGISTRY, "nvram", base.toString(), OptionalLong.empty(), Map.of())) {
            assertTrue(tier.checkHealth().healthy(), tier.checkHealth().problems().toString());
        }
        assertEquals(List.of(), LocalTierContract.regularFiles(base));
    }

    @Test
    void anUnknownSyncModeIsRefusedListingTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestTiers.open(REGISTRY, "nvram", temp.resolve("pmem").toString(), OptionalLong.empty(), Map.of("sync", "fast")));
        assertEquals("tier 'testnvram': scr.tier.testnvram.sync='fast' is not valid; valid values: auto, mapsync, msync, fsync",
                e.getMessage());
    }

    @Test
    void theMapSyncProbeSaysNoOnAPlainDirectory() throws IOException {
        assertFalse(NvramTierFactory.supportsMapSync(temp));
        assertEquals(List.of(), LocalTierContract.regularFiles(temp));
    }
}
