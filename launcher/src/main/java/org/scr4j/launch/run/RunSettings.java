package org.scr4j.launch.run;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What `scr4j run` was asked to do.
 *
 * @param nodes        nodes (slots) a step uses
 * @param ranksPerNode ranks per node
 * @param runs         the most steps to launch; -1 for no limit
 * @param minNodes     stop when fewer healthy nodes remain than this
 * @param watchdog     kill a step without progress for this long; empty: no watchdog
 * @param command      the application, as started for every rank
 * @param exclude      nodes never to use (SCR_EXCLUDE_NODES)
 */
public record RunSettings(int nodes, int ranksPerNode, int runs, int minNodes, Optional<Duration> watchdog,
        List<String> command, List<String> exclude) {
    public RunSettings {
        requireNonNull(watchdog, "watchdog is null");
        command = List.copyOf(requireNonNull(command, "command is null"));
        exclude = List.copyOf(requireNonNull(exclude, "exclude is null"));
        if (nodes < 1 || ranksPerNode < 1) {
            throw new IllegalArgumentException("--nodes and --ranks-per-node must be at least 1");
        }
        if (runs == 0 || runs < -1) {
            throw new IllegalArgumentException("--runs must be at least 1, or -1 for no limit, not " + runs);
        }
        if (minNodes < 0 || minNodes > nodes) {
            throw new IllegalArgumentException("--min-nodes must be between 1 and --nodes (" + nodes + "), not " + minNodes);
        }
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command to run; give it after --, such as: scr4j run --nodes 4 -- java -cp app.jar Main");
        }
    }
}
