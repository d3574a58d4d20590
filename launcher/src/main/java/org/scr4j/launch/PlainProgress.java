package org.scr4j.launch;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Progress as plain lines, for logs and pipes: "drain: 1.2 GiB of 3.0 GiB (40%)" each time another
 * tenth is done, or after 5 s without a line if anything moved, so a log shows both the pace and
 * that the work is alive without one line per update. Thread-safe.
 */
final class PlainProgress implements Progress {
    static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final String task;
    private final long total;
    private final String unit;
    private final PrintStream out;
    private final LongSupplier nanoTime;
    private final long started;
    private long done;
    private long lastLineAt;
    private long lastLineDone;
    private int lastTenth;
    private boolean closed;

    PlainProgress(String task, long total, String unit, PrintStream out, LongSupplier nanoTime) {
        this.task = requireNonNull(task, "task is null");
        this.unit = requireNonNull(unit, "unit is null");
        this.out = requireNonNull(out, "out is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        if (total < 0) {
            throw new IllegalArgumentException("the total of '" + task + "' must not be negative, not " + total);
        }
        this.total = total;
        this.started = nanoTime.getAsLong();
        this.lastLineAt = started;
    }

    static PlainProgress start(String task, long total, String unit, PrintStream out) {
        return new PlainProgress(task, total, unit, out, System::nanoTime);
    }

    @Override
    public synchronized void update(long done) {
        if (closed) {
            throw new IllegalStateException("the progress of '" + task + "' was already closed");
        }
        if (done < 0) {
            throw new IllegalArgumentException("the progress of '" + task + "' must not be negative, not " + done);
        }
        this.done = done;
        long now = nanoTime.getAsLong();
        int tenth = Amounts.percent(done, total) / 10;
        boolean nextTenth = tenth > lastTenth && done < total; // the finished line is close()'s
        boolean quietTooLong = now - lastLineAt >= QUIET_NANOS && done != lastLineDone;
        if (nextTenth || quietTooLong) {
            out.println(line());
            out.flush();
            lastTenth = Math.max(lastTenth, tenth);
            lastLineAt = now;
            lastLineDone = done;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        double seconds = (nanoTime.getAsLong() - started) / 1e9;
        out.println(line() + String.format(Locale.ROOT, " in %.1f s", seconds));
        out.flush();
    }

    private String line() {
        return task + ": " + Amounts.format(done, unit) + " of " + Amounts.format(total, unit) + " ("
                + Amounts.percent(done, total) + "%)";
    }
}
