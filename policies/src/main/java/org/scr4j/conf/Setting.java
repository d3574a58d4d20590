package org.scr4j.conf;

import static java.util.Objects.requireNonNull;

/** One key's value and where it came from. Keys are always in dotted form (scr.cache.size). */
public record Setting(String key, String value, Origin origin) {
    public Setting {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
        requireNonNull(origin, "origin is null");
    }
}
