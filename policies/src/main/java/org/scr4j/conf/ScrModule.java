package org.scr4j.conf;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import org.scr4j.tier.TierModule;
import org.scr4j.tier.TierRegistry;

/** Wires a loaded configuration to the tier types: built-ins and every plugin on the class path. */
public final class ScrModule extends AbstractModule {
    private final ScrConfig config;

    public ScrModule(ScrConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    protected void configure() {
        bind(ScrConfig.class).toInstance(config);
        install(new TierModule(config.hadoopConfiguration(), ScrModule.class.getClassLoader()));
    }

    @Provides
    @Singleton
    ConfiguredTiers configuredTiers(TierRegistry registry) {
        return new ConfiguredTiers(config, registry);
    }
}
