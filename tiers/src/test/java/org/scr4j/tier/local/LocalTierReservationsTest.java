package org.scr4j.tier.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.tier.Reservation;
import org.scr4j.tier.StorageTier;
import org.scr4j.tier.TestData;
import org.scr4j.tier.TestTiers;
import org.scr4j.tier.TierFullException;
import org.scr4j.tier.TierUsage;

/** A tier with a capacity of 10,000 bytes: what it promises to writers and when it says it is full. */
class LocalTierReservationsTest {
    @TempDir
    Path temp;

    private StorageTier tier;

    @BeforeEach
    void openTier() throws IOException {
        tier = TestTiers.open(TestTiers.registry(), "ssd", temp.resolve("ssd").toString(), OptionalLong.of(10_000), Map.of());
    }

    @AfterEach
    void closeTier() throws IOException {
        tier.close();
    }

    @Test
    void aReservationLargerThanTheWholeCapacityIsRefusedNamingTheTierTheBytesAndTheFix() {
        TierFullException e = assertThrows(TierFullException.class, () -> tier.reserve(10_001));
        assertEquals(10_001, e.requested());
        assertEquals(10_000, e.available());
        assertEquals("tier 'testssd' is full: 10001 bytes requested, 10000 bytes available (more than its whole capacity of 10000"
                + " bytes, set by scr.tier.testssd.capacity). Fix: free space there, raise its capacity, or place the data on another"
                + " tier", e.getMessage());
    }

    @Test
    void twoReservationsThatTogetherExceedTheCapacityCannotBothBeGranted() throws IOException {
        try (Reservation first = tier.reserve(6_000)) {
            assertEquals(6_000, first.bytes());
            TierFullException e = assertThrows(TierFullException.class, () -> tier.reserve(6_000));
            assertEquals(4_000, e.available());
            assertTrue(e.getMessage().contains("tier 'testssd' is full: 6000 bytes requested, 4000 bytes available"
                    + " (capacity 10000 bytes, 0 used, 6000 reserved)"), e.getMessage());
            tier.reserve(4_000).close(); // what is left can still be had
        }
    }

    @Test
    void closingAReservationGivesItsSpaceBackOnce() throws IOException {
        Reservation first = tier.reserve(6_000);
        assertEquals(6_000, tier.usage().reserved());
        first.close();
        first.close(); // a second close must not give the space back twice
        assertEquals(0, tier.usage().reserved());
        try (Reservation again = tier.reserve(10_000)) {
            assertEquals(10_000, tier.usage().reserved());
            assertEquals(0, tier.usage().available());
        }
    }

    @Test
    void bytesWrittenCountAgainstTheCapacity() throws IOException {
        TestData.write(tier, "ckpt.1", "state.bin", TestData.bytes(7_000, 1));
        TierUsage usage = tier.usage();
        assertEquals(7_000, usage.used());
        assertEquals(3_000, usage.available());
        assertEquals(OptionalLong.of(10_000), usage.capacity());
        TierFullException e = assertThrows(TierFullException.class, () -> tier.reserve(3_001));
        assertTrue(e.getMessage().contains("(capacity 10000 bytes, 7000 used, 0 reserved)"), e.getMessage());
        tier.deleteDataset("ckpt.1");
        assertEquals(0, tier.usage().used());
        tier.reserve(10_000).close();
    }

    @Test
    void writersReservingAtOnceAreNeverPromisedMoreThanTheCapacity() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Optional<Reservation>>> attempts = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                attempts.add(pool.submit(() -> {
                    try {
                        return Optional.of(tier.reserve(1_500));
                    } catch (TierFullException full) {
                        return Optional.<Reservation>empty();
                    }
                }));
            }
            long granted = 0;
            for (Future<Optional<Reservation>> attempt : attempts) {
                granted += attempt.get().map(Reservation::bytes).orElse(0L);
            }
            assertEquals(6 * 1_500, granted, "six of 1,500 bytes fit in 10,000, a seventh does not");
            assertEquals(granted, tier.usage().reserved());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aNegativeReservationIsAProgrammingError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tier.reserve(-1));
        assertEquals("cannot reserve a negative number of bytes: -1", e.getMessage());
    }

    @Test
    void aTierWithoutCapacityIsLimitedByItsFileSystem() throws IOException {
        try (StorageTier unlimited = TestTiers.open(TestTiers.registry(), "ssd", temp.resolve("free").toString(), OptionalLong.empty(),
                Map.of())) {
            TierUsage usage = unlimited.usage();
            assertTrue(usage.fsFree() > 0);
            assertEquals(usage.fsFree(), usage.available());
            TierFullException e = assertThrows(TierFullException.class, () -> unlimited.reserve(Long.MAX_VALUE));
            assertTrue(e.getMessage().contains("file system has "), e.getMessage());
        }
    }
}
