package org.scr4j.fault;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named instants where a test may kill the process as kill -9 would, to prove that a crash there
 * loses nothing. Off unless the system property {@code scr4j.crash.at} is set to
 * {@code POINT} or {@code POINT:N} (die at the Nth time POINT is reached, default the first);
 * then {@link #reach} halts the JVM at once with exit status 137, running no shutdown hooks.
 */
public final class CrashPoints {
    public static final String PROPERTY = "scr4j.crash.at";
    /** Exit status of a halted process, the same as a process killed by SIGKILL. */
    public static final int STATUS = 137;

    /** After the application's files are checked, before this rank's manifest is committed. */
    public static final String BEFORE_MANIFEST = "complete.before-manifest";
    /** After this rank's manifest is committed, before the ranks agree that the dataset is complete. */
    public static final String AFTER_MANIFEST = "complete.after-manifest";
    /** After one file is copied to the prefix during a flush. */
    public static final String FLUSH_FILE = "flush.file";
    /** After every rank flushed, before the index records the dataset as flushed. */
    public static final String BEFORE_INDEX = "flush.before-index";
    /** While replacing a control file: the new content is written, not yet renamed into place. */
    public static final String CONTROL_REPLACE = "control.replace";
    /** During a scheme's apply, after this rank sent one piece of a file or of parity to another rank. */
    public static final String ENCODE_SENT = "scheme.apply.sent";
    /** During a scheme's recover, after this rank sent one piece to a rank being rebuilt. */
    public static final String REBUILD_SENT = "scheme.recover.sent";
    /** During a demotion, after every rank copied its part to the slower tier, before the old copies are deleted. */
    public static final String DEMOTE_COPIED = "demote.copied";
    /** After one file is fetched from the prefix into the cache. */
    public static final String FETCH_FILE = "fetch.file";

    private static final Map<String, AtomicInteger> HITS = new ConcurrentHashMap<>();

    private CrashPoints() {
    }

    /** Halts the JVM if the configured crash point is this one and its count is reached. */
    public static void reach(String point) {
        String spec = System.getProperty(PROPERTY);
        if (spec == null || spec.isEmpty()) {
            return;
        }
        int colon = spec.lastIndexOf(':');
        String name = colon < 0 ? spec : spec.substring(0, colon);
        if (!name.equals(point)) {
            return;
        }
        int nth = colon < 0 ? 1 : Integer.parseInt(spec.substring(colon + 1));
        if (HITS.computeIfAbsent(point, p -> new AtomicInteger()).incrementAndGet() == nth) {
            System.err.println("scr4j: crash point " + point + " reached (" + PROPERTY + "=" + spec + "); halting");
            System.err.flush();
            Runtime.getRuntime().halt(STATUS);
        }
    }
}
