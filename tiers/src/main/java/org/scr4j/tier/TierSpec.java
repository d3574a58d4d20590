package org.scr4j.tier;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * One configured tier, as the configuration describes it.
 *
 * @param name     unique name, referred to by descriptors
 * @param type     the factory that builds it (ramdisk, ssd, nvram, pfs, or a plugin's type)
 * @param base     a directory or URI, possibly with ${user}, ${job} and ${node}
 * @param capacity the most bytes scr4j may keep there; empty means the free space of the file system
 * @param options  type-specific settings, keyed by option name (scr.tier.NAME.OPTION)
 */
public record TierSpec(String name, String type, String base, OptionalLong capacity, Map<String, String> options) {
    /** Tier names become parts of configuration keys and environment variable names. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*");

    public TierSpec {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(base, "base is null");
        requireNonNull(capacity, "capacity is null");
        options = Map.copyOf(requireNonNull(options, "options is null"));
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("tier name '" + name
                    + "' is not valid: use a lower-case letter followed by lower-case letters and digits");
        }
        if (capacity.isPresent() && capacity.getAsLong() <= 0) {
            throw new IllegalArgumentException("tier '" + name + "': capacity must be positive, not " + capacity.getAsLong());
        }
    }

    public String option(String key, String defaultValue) {
        return options.getOrDefault(key, defaultValue);
    }
}
