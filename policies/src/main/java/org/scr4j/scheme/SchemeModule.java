package org.scr4j.scheme;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;

/** Binds the redundancy schemes by name; later schemes join the same map. */
public final class SchemeModule extends AbstractModule {
    @Override
    protected void configure() {
        MapBinder<String, RedundancyScheme> schemes = MapBinder.newMapBinder(binder(), String.class, RedundancyScheme.class);
        schemes.addBinding(SingleScheme.NAME).to(SingleScheme.class);
    }
}
