package org.scr4j.launch.chaos;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.OptionalInt;

/**
 * One run of the job (a job step the launcher started) as its output showed it: when the launcher
 * announced it, the checkpoint its ranks restarted from, and the final checksums they printed.
 *
 * @param startNanos   System.nanoTime() when the launcher's "run N:" line arrived
 * @param restartStep  the step the ranks restarted at (0: from scratch); empty when the run died
 *                     before its ranks restored or computed anything, so it shows nothing
 * @param checksums    rank to its "rank R step S checksum HEX" line's step and checksum
 */
public record RunRecord(long startNanos, OptionalInt restartStep, Map<Integer, Checksum> checksums) {
    public RunRecord {
        requireNonNull(restartStep, "restartStep is null");
        checksums = Map.copyOf(requireNonNull(checksums, "checksums is null"));
    }

    /** A final checksum a rank printed. */
    public record Checksum(int step, String hex) {
        public Checksum {
            requireNonNull(hex, "hex is null");
        }
    }
}
