package org.scr4j.tier.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.scr4j.tier.Durability;
import org.scr4j.tier.StorageTier;
import org.scr4j.tier.TierContext;
import org.scr4j.tier.TierFactory;
import org.scr4j.tier.TierSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory on tmpfs, /dev/shm by default. Where /dev/shm does not exist (macOS, some
 * containers) the tier moves under java.io.tmpdir and says so, rather than failing the job.
 */
public final class RamdiskTierFactory implements TierFactory {
    private static final Logger LOG = LoggerFactory.getLogger(RamdiskTierFactory.class);
    static final Path SHM = Path.of("/dev/shm");

    @Override
    public String description() {
        return "a directory on a RAM disk (tmpfs, /dev/shm by default); fast, lost when the node goes down";
    }

    @Override
    public Durability durability() {
        return Durability.NODE_VOLATILE;
    }

    @Override
    public Set<String> options() {
        return Set.of();
    }

    @Override
    public StorageTier create(TierSpec spec, TierContext context) throws IOException {
        Path dir = LocalBase.resolve(spec, context);
        if (dir.startsWith(SHM) && !Files.isDirectory(SHM)) {
            Path fallback = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().resolve(SHM.relativize(dir));
            LOG.warn("tier '{}': {} does not exist on this machine; using {} instead, which may not be in RAM", spec.name(), SHM,
                    fallback);
            dir = fallback;
        }
        LocalDirectoryTier tier = new LocalDirectoryTier(spec, durability(), dir, new ChannelWrites());
        String fsType = Files.getFileStore(tier.root()).type();
        if (!"tmpfs".equals(fsType) && !"ramfs".equals(fsType)) {
            LOG.warn("tier '{}' of type ramdisk is at {} on a {} file system, not tmpfs: it will run at disk speed", spec.name(),
                    tier.root(), fsType);
        }
        return tier;
    }
}
