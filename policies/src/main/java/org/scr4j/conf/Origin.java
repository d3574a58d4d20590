package org.scr4j.conf;

import static java.util.Objects.requireNonNull;

/** Where a setting came from, as a user would look for it: a file and line, or an environment variable. */
public record Origin(String text) {
    public Origin {
        requireNonNull(text, "text is null");
    }

    public static Origin file(String file) {
        return new Origin(file);
    }

    public static Origin line(String file, int line) {
        return new Origin(file + ":" + line);
    }

    public static Origin environment(String variable) {
        return new Origin("environment " + variable);
    }

    public static Origin program() {
        return new Origin("program (Scr.init overrides)");
    }

    @Override
    public String toString() {
        return text;
    }
}
