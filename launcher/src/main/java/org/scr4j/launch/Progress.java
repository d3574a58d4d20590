package org.scr4j.launch;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;

/**
 * How far a long piece of work (a drain, a rebuild, an index build) has come. On a terminal it is a
 * bar redrawn in place; anywhere else (a batch job's log, a pipe) it is a plain line now and then,
 * because a log full of redraws is unreadable. Use it in try-with-resources: {@link #close()}
 * prints the final line.
 */
public interface Progress extends AutoCloseable {
    /** The unit that makes amounts print as bytes (KiB, MiB, GiB); any other unit prints as a count of it. */
    String BYTES = "B";

    /**
     * Starts showing progress of {@code task} towards {@code total} (at least 0) amounts of
     * {@code unit}, on {@code out}. A bar only when there is a terminal (System.console()) and out is
     * the terminal's stdout or stderr; plain lines otherwise (see {@link PlainProgress}).
     */
    static Progress start(String task, long total, String unit, PrintStream out) {
        requireNonNull(out, "out is null");
        boolean terminal = System.console() != null && (out == System.out || out == System.err);
        return terminal ? new BarProgress(task, total, unit, out) : PlainProgress.start(task, total, unit, out);
    }

    /** How much is done so far, in all (not an increment since the last call). */
    void update(long done);

    /** Prints the final line; calling it again does nothing. */
    @Override
    void close();
}
