package org.scr4j.tier;

import java.io.IOException;
import java.util.Set;

/**
 * Builds tiers of one type. Built-in factories and those of site plugins are bound by type name
 * in a Guice MapBinder (see {@link TierBinder}).
 */
public interface TierFactory {
    /** One sentence for listings such as 'scr4j tiers'. */
    String description();

    Durability durability();

    /** The type-specific option names this factory reads; any other option is a configuration error. */
    Set<String> options();

    /** Opens (and creates, 0700, if needed) the tier's directory; fails with a message naming the fix. */
    StorageTier create(TierSpec spec, TierContext context) throws IOException;
}
