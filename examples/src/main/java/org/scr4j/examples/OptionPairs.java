package org.scr4j.examples;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scr4j.examples.HeatOptions.UsageException;

/** The examples' command lines: {@code --name value} (or {@code --name=value}) pairs, checked against the known names. */
final class OptionPairs {
    private OptionPairs() {
    }

    /** True if the command line asks for the usage text, wherever it does so. */
    static boolean asksForHelp(String[] args) {
        return List.of(args).contains("--help") || List.of(args).contains("-h");
    }

    /** The pairs by name, in order; an unknown, repeated or valueless option is an error naming it. */
    static Map<String, String> parse(String[] args, Collection<String> known) throws UsageException {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'; options are --name value pairs");
            }
            int eq = arg.indexOf('=');
            String name = eq > 0 ? arg.substring(2, eq) : arg.substring(2);
            if (!known.contains(name)) {
                throw new UsageException("unknown option '--" + name + "'; the options are --" + String.join(", --", known));
            }
            String value;
            if (eq > 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException("--" + name + " needs a value");
            }
            if (given.put(name, value) != null) {
                throw new UsageException("--" + name + " is given twice");
            }
        }
        return given;
    }

    /** The whole number given for {@code name}, within [min, max], or the default when it is not given. */
    static int intOption(Map<String, String> given, String name, int defaultValue, int min, int max) throws UsageException {
        String text = given.get(name);
        if (text == null) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " needs a whole number, not '" + text + "'");
        }
        if (value < min || value > max) {
            throw new UsageException("--" + name + " must be " + (max == Integer.MAX_VALUE ? "at least " + min
                    : "between " + min + " and " + max) + ", not " + value);
        }
        return value;
    }
}
