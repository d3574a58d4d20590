package org.scr4j.examples;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** What the command line asks for; {@code checkpointEvery} is empty when not given. */
public record HeatOptions(int size, int steps, int ranks, long sleepMs, OptionalInt checkpointEvery) {
    static final String USAGE = """
            usage: heat-diffusion [--size N] [--steps S] [--ranks R] [--sleep-ms M] [--checkpoint-every K]
              --size N              the grid has N x N cells; 3 <= N <= 8192 (default 128)
              --steps S             time steps to compute; S >= 0 (default 200)
              --ranks R             ranks (threads of this process) that share the rows; 1 <= R <= N (default 2)
              --sleep-ms M          pause after every step, in milliseconds; M >= 0 (default 0)
              --checkpoint-every K  checkpoint every K steps (sets SCR_CHECKPOINT_INTERVAL); K >= 1
                                    (default: the configured checkpoint policy, else every 10 steps)
              --help                print this text
            scr4j reads the rest of its configuration from its files and the SCR_* environment variables
            (SCR_PREFIX, SCR_CACHE_BASE, SCR_FLUSH, ...). A restarted run must use the same --size and --ranks.
            """;

    private static final List<String> OPTIONS = List.of("size", "steps", "ranks", "sleep-ms", "checkpoint-every");

    public HeatOptions {
        if (size < 3) {
            throw new IllegalArgumentException("size must be at least 3, not " + size);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must not be negative, not " + steps);
        }
        if (ranks < 1 || ranks > size) {
            throw new IllegalArgumentException("ranks must be between 1 and the size " + size + ", not " + ranks);
        }
        if (sleepMs < 0) {
            throw new IllegalArgumentException("sleep-ms must not be negative, not " + sleepMs);
        }
    }

    public static HeatOptions defaults() {
        return new HeatOptions(128, 200, 2, 0, OptionalInt.empty());
    }

    /** A command line that cannot be run; the message says what is wrong. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    /** True if the command line asks for the usage text, wherever it does so. */
    static boolean asksForHelp(String[] args) {
        return OptionPairs.asksForHelp(args);
    }

    /** Parses {@code --name value} (or {@code --name=value}) pairs. */
    public static HeatOptions parse(String[] args) throws UsageException {
        Map<String, String> given = OptionPairs.parse(args, OPTIONS);
        HeatOptions d = defaults();
        int size = OptionPairs.intOption(given, "size", d.size(), 3, 8192);
        int steps = OptionPairs.intOption(given, "steps", d.steps(), 0, Integer.MAX_VALUE);
        int ranks = OptionPairs.intOption(given, "ranks", d.ranks(), 1, 4096);
        if (ranks > size) {
            throw new UsageException("--ranks " + ranks + " is more than the " + size + " rows of the grid; use at most --ranks " + size);
        }
        long sleepMs = OptionPairs.intOption(given, "sleep-ms", (int) d.sleepMs(), 0, Integer.MAX_VALUE);
        OptionalInt every = given.containsKey("checkpoint-every")
                ? OptionalInt.of(OptionPairs.intOption(given, "checkpoint-every", 0, 1, Integer.MAX_VALUE))
                : OptionalInt.empty();
        return new HeatOptions(size, steps, ranks, sleepMs, every);
    }
}
