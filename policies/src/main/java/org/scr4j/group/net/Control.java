package org.scr4j.group.net;

/** How a rank reaches the hub: over its control connection, or, on rank 0, by a call on the hub's own thread. */
interface Control {
    /** This rank's value for collective number {@code seq}; the result comes back through {@link RankState}. */
    void gather(long seq, byte[] value);

    /** Tells every other rank that this rank abandoned {@code exchange}. */
    void abandon(long exchange, String reason);

    /** Leaves the group cleanly, waiting at most {@code timeoutMillis}. */
    void leave(long timeoutMillis);
}
