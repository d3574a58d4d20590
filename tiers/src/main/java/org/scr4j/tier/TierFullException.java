package org.scr4j.tier;

/** A reservation or write does not fit in what is left of a tier's capacity or file system. */
public final class TierFullException extends TierException {
    private final long requested;
    private final long available;

    public TierFullException(String tier, long requested, long available, String limit) {
        super("tier '" + tier + "' is full: " + requested + " bytes requested, " + Math.max(available, 0)
                + " bytes available (" + limit + "). Fix: free space there, raise its capacity, or place the data on another tier");
        this.requested = requested;
        this.available = available;
    }

    public long requested() {
        return requested;
    }

    public long available() {
        return available;
    }
}
