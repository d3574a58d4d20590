package org.scr4j.conf;

import java.util.List;

/**
 * The configuration is wrong. Every problem found is listed, each naming the key, where it came
 * from, and what is valid, so one run shows everything to fix.
 */
public final class ConfigException extends IllegalArgumentException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(problems.size() == 1 ? "configuration error: " + problems.get(0)
                : "configuration errors:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
