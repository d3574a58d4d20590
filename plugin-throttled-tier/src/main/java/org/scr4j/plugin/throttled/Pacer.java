package org.scr4j.plugin.throttled;

import static java.util.Objects.requireNonNull;

import java.io.InterruptedIOException;
import java.math.BigInteger;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Holds the bytes moved through one device to a bandwidth. Every read or write is laid end to end
 * on a timeline that advances at the bandwidth, and {@link #pace} sleeps until the timeline has
 * reached the end of the bytes just moved, so within a busy stretch bytes / elapsed never exceeds
 * the bandwidth. The timeline keeps a running byte count rather than a time per call, so a million
 * one-byte writes cost exactly as long as one write of a million bytes, with no rounding per call.
 *
 * <p>Time the device spends idle is not saved up: when an operation starts after the timeline has
 * run out, a new stretch begins at that start, so a burst after a quiet minute is paced like any
 * other. Because the stretch begins when the operation starts, the time the file system itself
 * took counts toward the budget: a disk slower than the bandwidth is not slowed down further.
 *
 * <p>Shared by every stream of a tier, which share its bandwidth as they would share a device.
 */
final class Pacer {
    /** Sleeps for a number of nanoseconds; tests pass one that only advances a fake clock. */
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final BigInteger BIG_NANOS_PER_SECOND = BigInteger.valueOf(NANOS_PER_SECOND);

    private final long bytesPerSecond;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    // The current busy stretch: when it began and how many bytes were moved in it.
    private long stretchStart;
    private long stretchBytes;

    Pacer(long bytesPerSecond, LongSupplier clock, Sleeper sleeper) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bandwidth must be positive, not " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
        this.clock = requireNonNull(clock, "clock is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
        this.stretchStart = clock.getAsLong();
    }

    /** A pacer on the JVM's monotonic clock that really sleeps. */
    static Pacer system(long bytesPerSecond) {
        return new Pacer(bytesPerSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    long bytesPerSecond() {
        return bytesPerSecond;
    }

    /** The clock reading to take just before an operation and hand to {@link #pace}. */
    long now() {
        return clock.getAsLong();
    }

    /**
     * Accounts for {@code bytes} moved by an operation that began at {@code started} (a reading of
     * {@link #now()}), and sleeps until the bandwidth allows them.
     */
    void pace(long started, long bytes) throws InterruptedIOException {
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot pace a negative number of bytes: " + bytes);
        }
        if (bytes == 0) {
            return;
        }
        long due;
        synchronized (this) {
            // nanoTime may wrap: compare by difference, never by value.
            if (stretchStart + nanosFor(stretchBytes) - started < 0) {
                stretchStart = started;
                stretchBytes = 0;
            }
            stretchBytes = Math.addExact(stretchBytes, bytes);
            due = stretchStart + nanosFor(stretchBytes);
        }
        // Sleep outside the lock so other streams can queue their bytes behind these meanwhile.
        try {
            for (long wait = due - clock.getAsLong(); wait > 0; wait = due - clock.getAsLong()) {
                sleeper.sleep(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while throttling I/O to "
                    + bytesPerSecond + " bytes per second");
            interrupted.initCause(e);
            throw interrupted;
        }
    }

    /** The nanoseconds {@code bytes} take at the bandwidth, rounded up so the pacer never runs fast. */
    long nanosFor(long bytes) {
        long seconds = bytes / bytesPerSecond;
        long rest = bytes % bytesPerSecond;
        long restNanos;
        if (rest <= Long.MAX_VALUE / NANOS_PER_SECOND) {
            restNanos = ceilDiv(rest * NANOS_PER_SECOND, bytesPerSecond);
        } else {
            // Only above ~9.2 GB/s does rest * 10^9 overflow a long.
            BigInteger[] qr = BigInteger.valueOf(rest).multiply(BIG_NANOS_PER_SECOND)
                    .divideAndRemainder(BigInteger.valueOf(bytesPerSecond));
            restNanos = qr[0].longValueExact() + (qr[1].signum() > 0 ? 1 : 0);
        }
        return Math.addExact(Math.multiplyExact(seconds, NANOS_PER_SECOND), restNanos);
    }

    private static long ceilDiv(long dividend, long divisor) {
        long quotient = dividend / divisor;
        return dividend % divisor == 0 ? quotient : quotient + 1;
    }
}
