package org.scr4j.plugin.throttled;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.scr4j.tier.Durability;
import org.scr4j.tier.StorageTier;
import org.scr4j.tier.TierContext;
import org.scr4j.tier.TierFactory;
import org.scr4j.tier.TierSpec;
import org.scr4j.tier.local.SsdTierFactory;

/**
 * A directory on a node-local file system whose reads and writes are held to a fixed bandwidth,
 * standing in for a burst buffer on machines that have none. Option {@code bandwidth} (required):
 * bytes per second, shared by all streams of the tier, as a whole number with an optional binary
 * unit: 524288, 512k, 64m, 1g.
 */
public final class ThrottledTierFactory implements TierFactory {
    public static final String BANDWIDTH = "bandwidth";
    private static final Pattern AMOUNT = Pattern.compile("([0-9]+)([kmgt]?)");
    private static final String EXAMPLES = "such as 524288, 512k, 64m or 1g (k, m, g and t are binary multiples: 1k = 1024)";

    @Override
    public String description() {
        return "a local directory throttled to a fixed bandwidth (option bandwidth), standing in for a burst buffer";
    }

    @Override
    public Durability durability() {
        return Durability.NODE_PERSISTENT;
    }

    @Override
    public Set<String> options() {
        return Set.of(BANDWIDTH);
    }

    @Override
    public StorageTier create(TierSpec spec, TierContext context) throws IOException {
        long bandwidth = bandwidth(spec);
        // The built-in ssd tier stores the files (temporary names, fsync, atomic rename, 0700); this tier paces them.
        return new ThrottledTier(new SsdTierFactory().create(spec, context), Pacer.system(bandwidth), bandwidth);
    }

    /** The spec's bandwidth in bytes per second, or an error naming the key, the value and valid examples. */
    static long bandwidth(TierSpec spec) {
        String key = "scr.tier." + spec.name() + "." + BANDWIDTH;
        String value = spec.options().get(BANDWIDTH);
        if (value == null) {
            throw new IllegalArgumentException("tier '" + spec.name() + "' of type " + spec.type() + " needs " + key
                    + ": the bytes per second it allows, " + EXAMPLES);
        }
        Matcher m = AMOUNT.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw notABandwidth(spec, key, value);
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        // More than 18 digits is beyond any real bandwidth and may not fit a long: refused like zero.
        long number = m.group(1).length() > 18 ? 0 : Long.parseLong(m.group(1));
        if (number == 0 || number > Long.MAX_VALUE >> shift) {
            throw notABandwidth(spec, key, value);
        }
        return number << shift;
    }

    private static IllegalArgumentException notABandwidth(TierSpec spec, String key, String value) {
        return new IllegalArgumentException("tier '" + spec.name() + "': " + key + "='" + value
                + "' is not a bandwidth; give a positive number of bytes per second, " + EXAMPLES);
    }
}
