package org.scr4j.plugin.throttled;

/**
 * Time that passes only when a test says so: a sleep advances it by exactly what was asked, so
 * pacing is checked by arithmetic, never by the speed of a shared machine.
 */
final class FakeClock implements Pacer.Sleeper {
    private long now;
    private long slept;
    private int sleeps;

    /** A clock that starts far from zero, as System.nanoTime may. */
    FakeClock() {
        this(-1_000_000_000_000L);
    }

    FakeClock(long start) {
        this.now = start;
    }

    long now() {
        return now;
    }

    /** Time passing outside the pacer: the file system working, or the caller doing something else. */
    void advance(long nanos) {
        now += nanos;
    }

    @Override
    public void sleep(long nanos) {
        now += nanos;
        slept += nanos;
        sleeps++;
    }

    long slept() {
        return slept;
    }

    int sleeps() {
        return sleeps;
    }

    Pacer pacer(long bytesPerSecond) {
        return new Pacer(bytesPerSecond, this::now, this);
    }
}
