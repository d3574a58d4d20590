package org.scr4j.conf;

import java.util.List;
import java.util.Locale;

/** The kinds of value a key takes, each with the check that turns bad text into a clear message. */
public enum KeyType {
    STRING("text"),
    INT("a whole number, such as 8"),
    NON_NEGATIVE_INT("a whole number of 0 or more, such as 8"),
    POSITIVE_INT("a whole number of 1 or more, such as 8"),
    SECONDS("a number of seconds of 0 or more, such as 3600"),
    DOUBLE("a number, such as 2.5"),
    BYTES("a byte count, such as 1048576, 512k, 64MB or 4GiB"),
    BOOLEAN("a boolean: 1, 0, true, false, yes or no"),
    LIST("a comma-separated list"),
    ENUM("one of the listed values");

    private final String expected;

    KeyType(String expected) {
        this.expected = expected;
    }

    public String expected(List<String> allowed) {
        return this == ENUM ? "one of " + String.join(", ", allowed) : expected;
    }

    /** Returns null when the text is valid, else why not. */
    public String check(String text, List<String> allowed) {
        String t = text.trim();
        try {
            switch (this) {
                case STRING, LIST -> {
                    return null;
                }
                case INT -> Integer.parseInt(t);
                case NON_NEGATIVE_INT, SECONDS -> {
                    if ((this == SECONDS ? Long.parseLong(t) : Integer.parseInt(t)) < 0) {
                        return "is negative; expected " + expected;
                    }
                }
                case POSITIVE_INT -> {
                    if (Integer.parseInt(t) < 1) {
                        return "is less than 1; expected " + expected;
                    }
                }
                case DOUBLE -> Double.parseDouble(t);
                case BYTES -> Bytes.parse(t);
                case BOOLEAN -> parseBoolean(t);
                case ENUM -> {
                    if (!allowed.contains(t.toUpperCase(Locale.ROOT))) {
                        return "is not " + expected(allowed);
                    }
                }
                default -> throw new AssertionError(this);
            }
            return null;
        } catch (IllegalArgumentException e) {
            return "is not " + expected;
        }
    }

    public static boolean parseBoolean(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is not a boolean (1, 0, true, false, yes, no)");
        };
    }
}
