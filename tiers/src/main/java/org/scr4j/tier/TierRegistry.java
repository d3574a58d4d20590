package org.scr4j.tier;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/** Every tier type scr4j knows, built-in and from plugins, and the one way to open a tier. */
public final class TierRegistry {
    private final SortedMap<String, TierFactory> factories;

    @Inject
    public TierRegistry(Map<String, TierFactory> factories) {
        this.factories = new TreeMap<>(requireNonNull(factories, "factories is null"));
    }

    public Set<String> types() {
        return factories.keySet();
    }

    public Map<String, TierFactory> factories() {
        return factories;
    }

    /** The factory of a type, or an error that lists every known type. */
    public TierFactory factory(String type) {
        TierFactory factory = factories.get(type);
        if (factory == null) {
            throw new IllegalArgumentException("unknown tier type '" + type + "'; known types: "
                    + String.join(", ", factories.keySet())
                    + " (a site adds types with a plugin jar on the classpath, see docs/plugins.md)");
        }
        return factory;
    }

    /** Checks a spec's type and options, then opens the tier. */
    public StorageTier open(TierSpec spec, TierContext context) throws IOException {
        TierFactory factory = factory(spec.type());
        Set<String> unknown = new TreeSet<>(spec.options().keySet());
        unknown.removeAll(factory.options());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("tier '" + spec.name() + "' of type " + spec.type() + ": unknown option "
                    + String.join(", ", unknown) + "; valid options: "
                    + (factory.options().isEmpty() ? "none" : String.join(", ", new TreeSet<>(factory.options()))));
        }
        return factory.create(spec, context);
    }
}
