package org.scr4j.tier;

/** Space set aside on a tier for a write in progress; closing it gives the space back. */
public interface Reservation extends AutoCloseable {
    long bytes();

    @Override
    void close();
}
