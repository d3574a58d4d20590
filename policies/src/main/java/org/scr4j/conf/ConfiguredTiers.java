package org.scr4j.conf;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.scr4j.tier.StorageTier;
import org.scr4j.tier.TierContext;
import org.scr4j.tier.TierFactory;
import org.scr4j.tier.TierRegistry;
import org.scr4j.tier.TierSpec;

/**
 * Matches the configured tiers against the tier types scr4j knows (built-in and plugins): an
 * unknown type or option is an error naming where it was set and what is valid.
 */
public final class ConfiguredTiers {
    private final ScrConfig config;
    private final TierRegistry registry;

    public ConfiguredTiers(ScrConfig config, TierRegistry registry) {
        this.config = requireNonNull(config, "config is null");
        this.registry = requireNonNull(registry, "registry is null");
    }

    /** Throws {@link ConfigException} listing every tier whose type or options are wrong. */
    public void check() {
        List<String> problems = new ArrayList<>();
        for (TierSpec spec : config.tiers()) {
            Setting type = config.setting("scr.tier." + spec.name() + ".type");
            TierFactory factory = registry.factories().get(spec.type());
            if (factory == null) {
                problems.add(ScrKeys.describe(type) + ": unknown tier type '" + spec.type() + "'; known types: "
                        + String.join(", ", registry.types()) + " (sites add types with plugin jars, see docs/plugins.md)");
                continue;
            }
            for (String option : spec.options().keySet()) {
                if (!factory.options().contains(option)) {
                    Set<String> valid = new TreeSet<>(ScrKeys.TIER_ATTRIBUTES.keySet());
                    valid.addAll(factory.options());
                    problems.add(ScrKeys.describe(config.setting("scr.tier." + spec.name() + "." + option))
                            + ": tiers of type " + spec.type() + " have no option '" + option + "'; valid: " + String.join(", ", valid));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /** Checks, then opens every tier (creating its directory); closes what it opened if one fails. */
    public List<StorageTier> open(TierContext context) throws IOException {
        check();
        List<StorageTier> opened = new ArrayList<>();
        try {
            for (TierSpec spec : config.tiers()) {
                opened.add(registry.open(spec, context));
            }
            return List.copyOf(opened);
        } catch (IOException | RuntimeException e) {
            for (StorageTier tier : opened) {
                try {
                    tier.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }
}
