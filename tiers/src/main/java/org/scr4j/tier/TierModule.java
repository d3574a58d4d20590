package org.scr4j.tier;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import java.util.ServiceLoader;
import org.apache.hadoop.conf.Configuration;
import org.scr4j.tier.local.NvramTierFactory;
import org.scr4j.tier.local.RamdiskTierFactory;
import org.scr4j.tier.local.SsdTierFactory;
import org.scr4j.tier.pfs.PfsTierFactory;

/**
 * Binds the built-in tier types and installs every {@link TierPlugin} found on the class path.
 * The Hadoop configuration is handed to the pfs tier (file system settings such as dfs.replication).
 */
public final class TierModule extends AbstractModule {
    private final Configuration hadoopConf;
    private final ClassLoader classLoader;

    public TierModule(Configuration hadoopConf, ClassLoader classLoader) {
        this.hadoopConf = requireNonNull(hadoopConf, "hadoopConf is null");
        this.classLoader = requireNonNull(classLoader, "classLoader is null");
    }

    public TierModule(Configuration hadoopConf) {
        this(hadoopConf, Thread.currentThread().getContextClassLoader());
    }

    @Override
    protected void configure() {
        bind(Configuration.class).toInstance(hadoopConf);
        TierBinder.of(binder())
                .bind("ramdisk", RamdiskTierFactory.class)
                .bind("ssd", SsdTierFactory.class)
                .bind("nvram", NvramTierFactory.class)
                .bind("pfs", PfsTierFactory.class);
        for (TierPlugin plugin : ServiceLoader.load(TierPlugin.class, classLoader)) {
            install(plugin);
        }
    }
}
