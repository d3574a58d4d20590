package org.scr4j.plugin.throttled;

import com.google.inject.AbstractModule;
import org.scr4j.tier.TierBinder;
import org.scr4j.tier.TierPlugin;

/**
 * Adds the {@code throttled} tier type. scr4j finds this module through
 * {@code META-INF/services/org.scr4j.tier.TierPlugin}; nothing in scr4j names it.
 */
public final class ThrottledTierPlugin extends AbstractModule implements TierPlugin {
    @Override
    protected void configure() {
        TierBinder.of(binder()).bind("throttled", ThrottledTierFactory.class);
    }
}
