package org.scr4j.tier.local;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileChannel.MapMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import jdk.nio.mapmode.ExtendedMapMode;
import org.scr4j.tier.Durability;
import org.scr4j.tier.RelativePaths;
import org.scr4j.tier.StorageTier;
import org.scr4j.tier.TierContext;
import org.scr4j.tier.TierException;
import org.scr4j.tier.TierFactory;
import org.scr4j.tier.TierSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persistent memory exposed as a file system (a DAX mount), used through its file interface.
 * Option {@code sync}: {@code auto} (the default) writes through MAP_SYNC mappings where the mount
 * supports them and falls back to fsync where it does not; {@code mapsync} requires MAP_SYNC;
 * {@code msync} writes through ordinary mappings; {@code fsync} writes through a FileChannel.
 */
public final class NvramTierFactory implements TierFactory {
    private static final Logger LOG = LoggerFactory.getLogger(NvramTierFactory.class);
    public static final String SYNC = "sync";
    /** Bytes mapped at a time while writing: large enough to amortise a mapping, small enough for any address space. */
    static final int WINDOW = 64 << 20;

    @Override
    public String description() {
        return "persistent memory on a DAX file system; MAP_SYNC mappings where supported, else fsync";
    }

    @Override
    public Durability durability() {
        return Durability.NODE_PERSISTENT;
    }

    @Override
    public Set<String> options() {
        return Set.of(SYNC);
    }

    @Override
    public StorageTier create(TierSpec spec, TierContext context) throws IOException {
        Path dir = LocalBase.resolve(spec, context);
        Directories.openBase(dir, spec.name());
        String mode = spec.option(SYNC, "auto");
        LocalWrites writes = switch (mode) {
            case "auto" -> {
                if (supportsMapSync(dir)) {
                    yield new MappedWrites(ExtendedMapMode.READ_WRITE_SYNC, WINDOW);
                }
                LOG.info("tier '{}': {} does not support MAP_SYNC (not a DAX mount); using fsync", spec.name(), dir);
                yield new ChannelWrites();
            }
            case "mapsync" -> {
                if (!supportsMapSync(dir)) {
                    throw new TierException("tier '" + spec.name() + "': scr.tier." + spec.name() + ".sync=mapsync but " + dir
                            + " does not support MAP_SYNC (it is not a DAX mount of persistent memory). Fix: mount it with -o dax, or set sync=auto");
                }
                yield new MappedWrites(ExtendedMapMode.READ_WRITE_SYNC, WINDOW);
            }
            case "msync" -> new MappedWrites(MapMode.READ_WRITE, WINDOW);
            case "fsync" -> new ChannelWrites();
            default -> throw new IllegalArgumentException("tier '" + spec.name() + "': scr.tier." + spec.name() + ".sync='" + mode
                    + "' is not valid; valid values: auto, mapsync, msync, fsync");
        };
        return new LocalDirectoryTier(spec, durability(), dir, writes);
    }

    /** Maps a page of a probe file with MAP_SYNC: the kernel refuses it with EOPNOTSUPP unless the mount is DAX. */
    static boolean supportsMapSync(Path dir) throws IOException {
        Path probe = dir.resolve(RelativePaths.TEMP_MARK + "mapsync");
        try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            MappedByteBuffer buffer = channel.map(ExtendedMapMode.READ_WRITE_SYNC, 0, 4096);
            buffer.put(0, (byte) 0);
            return true;
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        } finally {
            Files.deleteIfExists(probe);
        }
    }
}
