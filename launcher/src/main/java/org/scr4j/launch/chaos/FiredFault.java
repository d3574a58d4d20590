package org.scr4j.launch.chaos;

import static java.util.Objects.requireNonNull;

/**
 * A fault as it happened.
 *
 * @param index        its place in the trial's plan (from 0)
 * @param nanos        System.nanoTime() when it fired
 * @param seconds      seconds since the trial started
 * @param target       what it hit, such as "n3" or "pid 4711 on n2"
 * @param newestCommit the step of the newest checkpoint rank 0 had reported committed when it fired
 */
public record FiredFault(int index, Fault fault, long nanos, double seconds, String target, int newestCommit) {
    public FiredFault {
        requireNonNull(fault, "fault is null");
        requireNonNull(target, "target is null");
    }
}
