package org.scr4j.conf;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A key scr4j reads: its dotted name, the type of its value, and for enumerations the valid values.
 * Its default and description live in scr4j-default.xml, so the documentation cannot drift.
 */
public record ConfigKey(String name, KeyType type, List<String> allowed) {
    public ConfigKey {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        allowed = List.copyOf(allowed);
    }

    public static ConfigKey of(String name, KeyType type) {
        return new ConfigKey(name, type, List.of());
    }

    public static ConfigKey oneOf(String name, String... allowed) {
        return new ConfigKey(name, KeyType.ENUM, List.of(allowed));
    }

    /** The SCR-style environment variable name: scr.cache.size is SCR_CACHE_SIZE. */
    public String envName() {
        return ScrKeys.envName(name);
    }

    /** Null when the value is valid, else a sentence saying why not and what is expected. */
    public String check(String value) {
        String why = type.check(value, allowed);
        return why == null ? null : "'" + value + "' " + why;
    }
}
