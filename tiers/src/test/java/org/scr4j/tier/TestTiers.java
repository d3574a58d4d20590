package org.scr4j.tier;

import com.google.inject.Guice;
import java.io.IOException;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.hadoop.conf.Configuration;

/** Opens tiers the way scr4j does: a TierSpec handed to the TierRegistry that Guice builds from TierModule. */
public final class TestTiers {
    /** The user, job and node every test tier is opened for. */
    public static final TierContext CONTEXT = new TierContext("alice", "job42", "node3");

    private TestTiers() {
    }

    public static TierRegistry registry(Configuration hadoopConf) {
        return Guice.createInjector(new TierModule(hadoopConf)).getInstance(TierRegistry.class);
    }

    public static TierRegistry registry() {
        return registry(new Configuration(false));
    }

    public static StorageTier open(TierRegistry registry, String type, String base, OptionalLong capacity,
            Map<String, String> options) throws IOException {
        return registry.open(new TierSpec("test" + type, type, base, capacity, options), CONTEXT);
    }
}
