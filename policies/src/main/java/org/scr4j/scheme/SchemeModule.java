package org.scr4j.scheme;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;

/**
 * Binds the redundancy schemes by name; a site's scheme joins the same map. XOR and RS need the
 * {@link org.scr4j.conf.ScrConfig} that {@link org.scr4j.conf.ScrModule} binds (scr.erasure.coder).
 */
public final class SchemeModule extends AbstractModule {
    @Override
    protected void configure() {
        MapBinder<String, RedundancyScheme> schemes = MapBinder.newMapBinder(binder(), String.class, RedundancyScheme.class);
        schemes.addBinding(SingleScheme.NAME).to(SingleScheme.class);
        schemes.addBinding(PartnerScheme.NAME).to(PartnerScheme.class);
        schemes.addBinding(XorScheme.NAME).to(XorScheme.class);
        schemes.addBinding(RsScheme.NAME).to(RsScheme.class);
    }
}
