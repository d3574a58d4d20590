package org.scr4j.examples;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.scr4j.examples.HeatOptions.UsageException;

/**
 * The command line of {@link HeatProcess}.
 *
 * @param hangAt     with {@code hangMarker}: the step at which the first run that reaches it hangs (watchdog tests)
 * @param hangMarker the file that run creates, so that later runs do not hang
 */
record HeatProcessOptions(int steps, int size, long stepMillis, OptionalInt hangAt, Optional<Path> hangMarker) {
    static final String USAGE = """
            usage: heat-process [--steps S] [--size N] [--step-millis MS] [--hang-at STEP --hang-marker FILE]
              --steps S           time steps to compute in all, across restarts; S >= 0 (default 100)
              --size N            each rank's tile has N x N cells; 3 <= N <= 8192 (default 64)
              --step-millis MS    sleep after every step, so that a demo can kill the job mid-run; MS >= 0 (default 0)
              --hang-at STEP      the first run to reach STEP creates the --hang-marker FILE and hangs there
              --hang-marker FILE  for ever, without calling scr4j again; a run that starts while FILE exists does not hang
              --help              print this text
            Start one process per rank with `scr4j run`, which sets SCR4J_RANK, SCR4J_SIZE, SCR4J_NODE and the rest;
            scr4j reads its configuration from SCR_CONF_FILE (such as examples/heat-multinode.conf) and SCR_* variables.
            A restarted run must use the same --size and number of ranks.
            """;

    private static final List<String> OPTIONS = List.of("steps", "size", "step-millis", "hang-at", "hang-marker");

    HeatProcessOptions {
        requireNonNull(hangAt, "hangAt is null");
        requireNonNull(hangMarker, "hangMarker is null");
        if (steps < 0 || size < 3 || stepMillis < 0) {
            throw new IllegalArgumentException("steps " + steps + ", size " + size + ", step-millis " + stepMillis
                    + ": steps and step-millis must not be negative, size must be at least 3");
        }
        if (hangAt.isPresent() != hangMarker.isPresent()) {
            throw new IllegalArgumentException("hang-at and hang-marker go together");
        }
    }

    static boolean asksForHelp(String[] args) {
        return OptionPairs.asksForHelp(args);
    }

    /** Parses {@code --name value} (or {@code --name=value}) pairs. */
    static HeatProcessOptions parse(String[] args) throws UsageException {
        Map<String, String> given = OptionPairs.parse(args, OPTIONS);
        int steps = OptionPairs.intOption(given, "steps", 100, 0, Integer.MAX_VALUE);
        int size = OptionPairs.intOption(given, "size", 64, 3, 8192);
        long stepMillis = OptionPairs.intOption(given, "step-millis", 0, 0, Integer.MAX_VALUE);
        if (given.containsKey("hang-at") != given.containsKey("hang-marker")) {
            throw new UsageException(given.containsKey("hang-at") ? "--hang-at needs --hang-marker FILE, which tells later runs"
                    + " not to hang again" : "--hang-marker is only used with --hang-at STEP");
        }
        OptionalInt hangAt = OptionalInt.empty();
        Optional<Path> marker = Optional.empty();
        if (given.containsKey("hang-at")) {
            hangAt = OptionalInt.of(OptionPairs.intOption(given, "hang-at", 0, 1, Math.max(1, steps)));
            if (given.get("hang-marker").isBlank()) {
                throw new UsageException("--hang-marker needs a file name");
            }
            marker = Optional.of(Path.of(given.get("hang-marker")));
        }
        return new HeatProcessOptions(steps, size, stepMillis, hangAt, marker);
    }
}
