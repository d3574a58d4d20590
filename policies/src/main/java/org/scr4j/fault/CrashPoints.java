package org.scr4j.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named fault points: instants inside the library and the launcher where a test may stop a process
 * as kill -9 would, to prove that a failure there loses nothing. Armed only by a test setting, read
 * once when the class loads; when off, {@link #reach} tests one constant and returns.
 *
 * <p>Settings (system property, else environment variable, so a launcher passes them to its ranks):
 * <ul>
 *   <li>{@code scr4j.crash.at} / {@code SCR4J_CRASH_AT}: {@code POINT} or {@code POINT:N}, the Nth
 *       time this process reaches POINT (default the first).
 *   <li>{@code scr4j.crash.rank} / {@code SCR4J_CRASH_RANK}: only the rank of that number (read from
 *       SCR4J_RANK, else SLURM_PROCID), or {@code launcher} for a process that is no rank.
 *   <li>{@code scr4j.crash.action} / {@code SCR4J_CRASH_ACTION}: {@code halt} (the default) halts
 *       the JVM at once with status 137, running no shutdown hooks; {@code pause} blocks for good,
 *       so a test can kill the node or the launcher at exactly that instant.
 *   <li>{@code scr4j.crash.marker} / {@code SCR4J_CRASH_MARKER} (needed by pause): a file written
 *       when the fault fires, naming the point, the process and its node. While it exists the fault
 *       is spent: the processes a relaunch starts do not fire it again.
 * </ul>
 */
public final class CrashPoints {
    public static final String PROPERTY = "scr4j.crash.at";
    public static final String RANK_PROPERTY = "scr4j.crash.rank";
    public static final String ACTION_PROPERTY = "scr4j.crash.action";
    public static final String MARKER_PROPERTY = "scr4j.crash.marker";
    /** The {@code rank} setting that arms a process that is no rank: the launcher. */
    public static final String LAUNCHER = "launcher";
    /** Exit status of a halted process, the same as a process killed by SIGKILL. */
    public static final int STATUS = 137;

    /** In Output.route and complete(): the application has written a file into the cache and goes on. */
    public static final String AFTER_FILE = "output.after-file";
    /** After the application's files are checked, before this rank's manifest is committed. */
    public static final String BEFORE_MANIFEST = "complete.before-manifest";
    /** After this rank's manifest is committed, before the ranks agree that the dataset is complete. */
    public static final String AFTER_MANIFEST = "complete.after-manifest";
    /** During a scheme's apply (the encode), after this rank sent one piece of a file or of parity to another rank. */
    public static final String ENCODE_SENT = "scheme.apply.sent";
    /** After one file is copied to the prefix during a flush. */
    public static final String FLUSH_FILE = "flush.file";
    /** After every rank flushed, before the index records the dataset as flushed. */
    public static final String BEFORE_INDEX = "flush.before-index";
    /** While replacing a control file (the index, the journal, the halt file): written, not yet renamed into place. */
    public static final String CONTROL_REPLACE = "control.replace";
    /** During a scheme's recover (the rebuild), after this rank sent one piece to a rank being rebuilt. */
    public static final String REBUILD_SENT = "scheme.recover.sent";
    /** On a rebuilt rank, after its files are rebuilt, before its manifest is committed. */
    public static final String REBUILD_BEFORE_MANIFEST = "rebuild.before-manifest";
    /** During a demotion, after every rank copied its part to the slower tier, before the old copies are deleted. */
    public static final String DEMOTE_COPIED = "demote.copied";
    /** After one file is fetched from the prefix into the cache. */
    public static final String FETCH_FILE = "fetch.file";
    /** During a drain, before each dataset it copies to the prefix. */
    public static final String DRAIN_DATASET = "drain.dataset";
    /** In the launcher, after a failed run is recorded, before the next run is launched. */
    public static final String LAUNCHER_RELAUNCH = "launcher.relaunch";
    /** In the launcher, after the job's runs ended unfinished, before the drain step starts. */
    public static final String LAUNCHER_DRAIN = "launcher.drain";

    /** Every point, in the order a job meets them. */
    public static final List<String> ALL = List.of(AFTER_FILE, BEFORE_MANIFEST, AFTER_MANIFEST, ENCODE_SENT, FLUSH_FILE,
            BEFORE_INDEX, CONTROL_REPLACE, REBUILD_SENT, REBUILD_BEFORE_MANIFEST, DEMOTE_COPIED, FETCH_FILE, DRAIN_DATASET,
            LAUNCHER_RELAUNCH, LAUNCHER_DRAIN);

    /** Null when no fault is armed in this process: the whole cost of the points then. */
    private static final Armed ARMED = Armed.of(System.getProperties(), System.getenv()).orElse(null);

    private CrashPoints() {
    }

    /** Stops this process here if the armed fault point is this one and its count is reached. */
    public static void reach(String point) {
        if (ARMED != null && ARMED.due(point)) {
            ARMED.fire();
        }
    }

    /** The fault armed in a process, if any. */
    record Armed(String point, int nth, boolean pause, Path marker, String spec, AtomicInteger hits) {
        static Optional<Armed> of(Map<Object, Object> properties, Map<String, String> env) {
            String spec = setting(properties, env, PROPERTY, "SCR4J_CRASH_AT");
            if (spec == null) {
                return Optional.empty();
            }
            String rank = setting(properties, env, RANK_PROPERTY, "SCR4J_CRASH_RANK");
            if (rank != null && !rank.equals(ownRank(env))) {
                return Optional.empty();
            }
            int colon = spec.lastIndexOf(':');
            String point = colon < 0 ? spec : spec.substring(0, colon);
            if (!ALL.contains(point)) {
                throw new IllegalArgumentException(PROPERTY + "=" + spec + ": there is no fault point '" + point + "'. Fix: use one of "
                        + ALL);
            }
            int nth = colon < 0 ? 1 : Integer.parseInt(spec.substring(colon + 1));
            String action = setting(properties, env, ACTION_PROPERTY, "SCR4J_CRASH_ACTION");
            boolean pause = "pause".equals(action);
            if (action != null && !pause && !action.equals("halt")) {
                throw new IllegalArgumentException(ACTION_PROPERTY + "=" + action + ": choose halt or pause");
            }
            String marker = setting(properties, env, MARKER_PROPERTY, "SCR4J_CRASH_MARKER");
            if (pause && marker == null) {
                throw new IllegalArgumentException(ACTION_PROPERTY + "=pause needs " + MARKER_PROPERTY + " (or SCR4J_CRASH_MARKER):"
                        + " the file that tells the test the point was reached");
            }
            if (marker != null && Files.exists(Path.of(marker))) {
                return Optional.empty(); // fired already in this job
            }
            return Optional.of(new Armed(point, nth, pause, marker == null ? null : Path.of(marker), spec, new AtomicInteger()));
        }

        private static String setting(Map<Object, Object> properties, Map<String, String> env, String property, String variable) {
            Object value = properties.get(property);
            String text = value != null ? value.toString() : env.get(variable);
            return text == null || text.isBlank() ? null : text.strip();
        }

        private static String ownRank(Map<String, String> env) {
            String rank = env.getOrDefault("SCR4J_RANK", env.get("SLURM_PROCID"));
            return rank == null ? LAUNCHER : rank;
        }

        private void writeMarker() {
            try {
                Path temp = marker.resolveSibling(marker.getFileName() + ".tmp");
                Files.writeString(temp, point + " pid " + ProcessHandle.current().pid() + " node "
                        + System.getenv().getOrDefault("SCR4J_NODE", "-") + "\n", StandardCharsets.UTF_8);
                Files.move(temp, marker, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // The test waits for the marker and would hang: halting says more.
                System.err.println("scr4j: cannot write the fault marker " + marker + ": " + e + "; halting");
                Runtime.getRuntime().halt(STATUS);
                throw new UncheckedIOException(e);
            }
        }

        boolean due(String reached) {
            return point.equals(reached) && hits.incrementAndGet() == nth;
        }

        void fire() {
            System.err.println("scr4j: fault point " + point + " reached (" + PROPERTY + "=" + spec + "); "
                    + (pause ? "pausing" : "halting"));
            System.err.flush();
            if (marker != null) {
                writeMarker();
            }
            if (!pause) {
                Runtime.getRuntime().halt(STATUS);
            }
            while (true) {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    // Paused means paused: only a kill ends this thread.
                }
            }
        }
    }
}
