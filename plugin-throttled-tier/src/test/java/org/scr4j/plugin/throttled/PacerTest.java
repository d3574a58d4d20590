package org.scr4j.plugin.throttled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InterruptedIOException;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PacerTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MIB = 1 << 20;

    @Test
    void aMebibyteAtAMebibytePerSecondTakesOneSecond() throws Exception {
        FakeClock clock = new FakeClock();
        Pacer pacer = clock.pacer(MIB);

        pacer.pace(pacer.now(), MIB);

        assertEquals(SECOND, clock.slept());
    }

    @Test
    void manyOneByteWritesCostExactlyWhatOneLargeWriteCosts() throws Exception {
        // At 3 bytes per second a byte is 333,333,333.3 ns: rounding each call up would add 2 ns
        // over three calls, rounding down would run fast. The running count gives exactly 1 s.
        FakeClock clock = new FakeClock();
        Pacer pacer = clock.pacer(3);
        for (int i = 0; i < 3; i++) {
            pacer.pace(pacer.now(), 1);
        }
        assertEquals(SECOND, clock.slept());

        FakeClock many = new FakeClock();
        Pacer fast = many.pacer(1_000_003);
        for (int i = 0; i < 1_000_003; i++) {
            fast.pace(fast.now(), 1);
        }
        assertEquals(SECOND, many.slept());
    }

    @Test
    void bytesOverElapsedNeverExceedsTheBandwidth() throws Exception {
        long bandwidth = 7_777_777;
        Random random = new Random(42);
        FakeClock clock = new FakeClock();
        Pacer pacer = clock.pacer(bandwidth);
        long first = clock.now();
        long total = 0;
        for (int i = 0; i < 20_000; i++) {
            if (random.nextInt(50) == 0) {
                clock.advance(random.nextInt(2_000_000_000)); // the caller computes for a while
            }
            long started = pacer.now();
            long bytes = random.nextInt(10) == 0 ? random.nextInt(8 * (int) MIB) : random.nextInt(100);
            clock.advance(random.nextInt(1_000_000)); // the file system takes some time
            pacer.pace(started, bytes);
            total += bytes;
            BigInteger allowed = BigInteger.valueOf(bandwidth).multiply(BigInteger.valueOf(clock.now() - first));
            assertTrue(BigInteger.valueOf(total).multiply(BigInteger.valueOf(SECOND)).compareTo(allowed) <= 0,
                    "after " + (i + 1) + " operations " + total + " bytes moved in " + (clock.now() - first) + " ns");
        }
    }

    @Test
    void idleTimeIsNotSavedUpForALaterBurst() throws Exception {
        FakeClock clock = new FakeClock();
        Pacer pacer = clock.pacer(MIB);
        pacer.pace(pacer.now(), MIB);

        clock.advance(60 * SECOND);
        long before = clock.slept();
        pacer.pace(pacer.now(), MIB);

        assertEquals(SECOND, clock.slept() - before);
    }

    @Test
    void aFileSystemSlowerThanTheBandwidthIsNotSlowedFurther() throws Exception {
        FakeClock clock = new FakeClock();
        Pacer pacer = clock.pacer(MIB);
        for (int i = 0; i < 10; i++) {
            long started = pacer.now();
            clock.advance(2 * SECOND); // a mebibyte takes the disk two seconds
            pacer.pace(started, MIB);
        }
        assertEquals(0, clock.slept());
    }

    @Test
    void aFileSystemPartlyFasterIsSleptOnlyTheDifference() throws Exception {
        FakeClock clock = new FakeClock();
        Pacer pacer = clock.pacer(MIB);
        long started = pacer.now();
        clock.advance(SECOND / 4);
        pacer.pace(started, MIB);
        assertEquals(3 * SECOND / 4, clock.slept());
    }

    @Test
    void streamsSharingTheTierShareItsBandwidth() throws Exception {
        FakeClock clock = new FakeClock();
        Pacer pacer = clock.pacer(MIB);
        long startedA = pacer.now();
        long startedB = pacer.now();

        pacer.pace(startedA, MIB);
        pacer.pace(startedB, MIB);

        assertEquals(2 * SECOND, clock.slept());
    }

    @Test
    void nothingMovedIsNotPaced() throws Exception {
        FakeClock clock = new FakeClock();
        Pacer pacer = clock.pacer(1);
        pacer.pace(pacer.now(), 0);
        assertEquals(0, clock.sleeps());
        assertThrows(IllegalArgumentException.class, () -> pacer.pace(pacer.now(), -1));
    }

    @Test
    void largeBandwidthsAndVolumesDoNotOverflow() {
        Pacer sixteenGibibytes = new FakeClock().pacer(16L << 30);
        assertEquals(64 * SECOND, sixteenGibibytes.nanosFor(1L << 40));

        // Above ~9.2 GB/s the remainder times 10^9 no longer fits a long.
        Pacer tenGigabytes = new FakeClock().pacer(10_000_000_001L);
        assertEquals(SECOND, tenGigabytes.nanosFor(10_000_000_000L)); // 999,999,999.9 ns, rounded up
        assertEquals(2 * SECOND, tenGigabytes.nanosFor(20_000_000_002L));
    }

    @Test
    void nanosecondClockWrapIsHarmless() throws Exception {
        FakeClock clock = new FakeClock(Long.MAX_VALUE - SECOND / 2);
        Pacer pacer = clock.pacer(MIB);
        pacer.pace(pacer.now(), MIB);
        pacer.pace(pacer.now(), MIB);
        assertEquals(2 * SECOND, clock.slept());
    }

    @Test
    void anInterruptedSleepFailsTheIoAndKeepsTheInterrupt() {
        Pacer pacer = new Pacer(1, () -> 0L, nanos -> {
            throw new InterruptedException();
        });
        try {
            assertThrows(InterruptedIOException.class, () -> pacer.pace(0, 1));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aBandwidthMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new FakeClock().pacer(0));
        assertThrows(IllegalArgumentException.class, () -> new FakeClock().pacer(-1));
    }
}
