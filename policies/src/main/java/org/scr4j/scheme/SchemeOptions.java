package org.scr4j.scheme;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How a level asks a scheme to protect its datasets: the set size and RS parity count of its
 * descriptor, and the failure group (node, unless scr.group says otherwise) of every rank, in
 * rank order, as they are in this run.
 */
public record SchemeOptions(int setSize, int failures, List<String> failureGroups) {
    public SchemeOptions {
        failureGroups = List.copyOf(requireNonNull(failureGroups, "failureGroups is null"));
        if (setSize < 1 || failures < 1) {
            throw new IllegalArgumentException("set size and failures must be positive: " + setSize + ", " + failures);
        }
    }
}
