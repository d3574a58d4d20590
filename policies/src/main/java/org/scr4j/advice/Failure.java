package org.scr4j.advice;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One interrupt of the job: the launcher's failure events of one run, taken together (two nodes
 * lost in one run stop the job once). It is a lost node if any of them was.
 *
 * @param time   when the launcher recorded the first of them
 * @param kind   NODE if a node was lost, else PROCESS
 * @param events how many failure events the launcher wrote for it
 * @param cause  the first event's cause, for messages
 */
public record Failure(Instant time, FailureKind kind, int events, String cause) {
    public Failure {
        requireNonNull(time, "time is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(cause, "cause is null");
    }

    Failure and(FailureKind other) {
        return new Failure(time, kind == FailureKind.NODE || other == FailureKind.NODE ? FailureKind.NODE : FailureKind.PROCESS,
                events + 1, cause);
    }
}
