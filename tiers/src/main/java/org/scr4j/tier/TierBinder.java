package org.scr4j.tier;

import static java.util.Objects.requireNonNull;

import com.google.inject.Binder;
import com.google.inject.multibindings.MapBinder;

/**
 * Adds tier types to scr4j's registry from a Guice module:
 * {@code TierBinder.of(binder()).bind("throttled", ThrottledTierFactory.class)}.
 */
public final class TierBinder {
    private final MapBinder<String, TierFactory> factories;

    private TierBinder(Binder binder) {
        this.factories = MapBinder.newMapBinder(binder, String.class, TierFactory.class);
    }

    public static TierBinder of(Binder binder) {
        return new TierBinder(requireNonNull(binder, "binder is null"));
    }

    public TierBinder bind(String type, Class<? extends TierFactory> factory) {
        if (!TierSpec.NAME.matcher(type).matches()) {
            throw new IllegalArgumentException("tier type '" + type + "' is not valid: use lower-case letters and digits");
        }
        factories.addBinding(type).to(factory);
        return this;
    }
}
