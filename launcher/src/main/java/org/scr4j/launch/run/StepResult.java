package org.scr4j.launch.run;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.OptionalInt;

/**
 * How a step ended.
 *
 * @param exitCode  the step's exit code: 0 when every rank exited 0
 * @param rankExits each rank's exit code, where the backend knows it (local always; Slurm not per rank).
 *                  A rank killed by a signal has 128 + the signal number
 * @param summary   one line for the log, such as "rank 2 on n3 exited with 1"
 */
public record StepResult(int exitCode, Map<Integer, Integer> rankExits, String summary) {
    public StepResult {
        rankExits = Map.copyOf(requireNonNull(rankExits, "rankExits is null"));
        requireNonNull(summary, "summary is null");
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** The lowest rank that failed, if the backend knows. */
    public OptionalInt firstFailedRank() {
        return rankExits.entrySet().stream().filter(e -> e.getValue() != 0).mapToInt(Map.Entry::getKey).min();
    }
}
