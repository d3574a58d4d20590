package org.scr4j.tier;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the bytes promised to writes in progress on one tier, so two writers cannot both be told
 * the last free gigabyte is theirs.
 */
public final class ReservationLedger {
    /** Reads a number of bytes from the file system, which may be slow (a directory walk). */
    public interface Probe {
        long bytes() throws IOException;
    }

    private final String tier;
    private final OptionalLong capacity;
    private final Probe used;
    private final Probe fsFree;
    private final AtomicLong reserved = new AtomicLong();

    /** {@code used}: bytes under the tier's directory; {@code fsFree}: bytes the file system still accepts. */
    public ReservationLedger(String tier, OptionalLong capacity, Probe used, Probe fsFree) {
        this.tier = requireNonNull(tier, "tier is null");
        this.capacity = requireNonNull(capacity, "capacity is null");
        this.used = requireNonNull(used, "used is null");
        this.fsFree = requireNonNull(fsFree, "fsFree is null");
    }

    public TierUsage usage() throws IOException {
        return new TierUsage(used.bytes(), reserved.get(), fsFree.bytes(), capacity);
    }

    public synchronized Reservation reserve(long bytes) throws IOException {
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot reserve a negative number of bytes: " + bytes);
        }
        if (capacity.isPresent() && bytes > capacity.getAsLong()) {
            throw new TierFullException(tier, bytes, capacity.getAsLong(),
                    "more than its whole capacity of " + capacity.getAsLong() + " bytes, set by scr.tier." + tier + ".capacity");
        }
        TierUsage usage = usage();
        if (bytes > usage.available()) {
            String limit = capacity.isPresent() && usage.available() < usage.fsFree() - usage.reserved()
                    ? "capacity " + capacity.getAsLong() + " bytes, " + usage.used() + " used, " + usage.reserved() + " reserved"
                    : "file system has " + usage.fsFree() + " bytes free, " + usage.reserved() + " reserved";
            throw new TierFullException(tier, bytes, usage.available(), limit);
        }
        reserved.addAndGet(bytes);
        AtomicBoolean released = new AtomicBoolean();
        return new Reservation() {
            @Override
            public long bytes() {
                return bytes;
            }

            @Override
            public void close() {
                if (released.compareAndSet(false, true)) {
                    reserved.addAndGet(-bytes);
                }
            }
        };
    }
}
