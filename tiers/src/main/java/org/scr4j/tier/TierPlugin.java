package org.scr4j.tier;

import com.google.inject.Module;

/**
 * A site's tier plugin: a Guice module, listed in its jar under
 * {@code META-INF/services/org.scr4j.tier.TierPlugin}, that binds tier factories with
 * {@link TierBinder}. Putting the jar on the classpath is all it takes.
 */
public interface TierPlugin extends Module {
}
