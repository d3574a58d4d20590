package org.scr4j.engine;

import static java.util.Objects.requireNonNull;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.scr4j.dataset.DatasetInfo;
import org.scr4j.dataset.FileEntry;
import org.scr4j.dataset.Manifest;
import org.scr4j.dataset.ManifestCodec;
import org.scr4j.scheme.RankPart;
import org.scr4j.tier.StorageTier;
import org.scr4j.tier.TierWriter;
import org.scr4j.tier.local.Directories;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rank's datasets on its node's cache tiers. Each rank owns one directory per dataset,
 * {@code dataset.ID.rank.R}, holding the application's files under {@code files/} and the manifest
 * beside them, so ranks sharing a node never touch each other's files.
 */
final class Cache {
    private static final Logger LOG = LoggerFactory.getLogger(Cache.class);
    private static final Pattern DIRECTORY = Pattern.compile("dataset\\.(\\d+)\\.rank\\.(\\d+)");
    static final String FILES = RankPart.FILES;
    static final String MANIFEST = "manifest.json";

    private final Map<String, StorageTier> tiers;
    private final int rank;
    private final int bufferSize;
    private ByteBuffer sealBuffer;

    Cache(Map<String, StorageTier> tiers, int rank, int bufferSize) {
        this.tiers = Map.copyOf(requireNonNull(tiers, "tiers is null"));
        this.rank = rank;
        this.bufferSize = bufferSize;
    }

    String directory(long id) {
        return "dataset." + id + ".rank." + rank;
    }

    /** This rank's part of a dataset, as its scheme sees it. */
    RankPart part(DatasetInfo dataset) {
        return new RankPart(dataset, rank, tier(dataset.tier()), directory(dataset.id()));
    }

    StorageTier tier(String name) {
        StorageTier tier = tiers.get(name);
        if (tier == null) {
            throw new IllegalStateException("no cache tier named '" + name + "'; tiers: " + tiers.keySet());
        }
        return tier;
    }

    /**
     * This rank's committed datasets on every tier. Directories without a readable manifest are
     * what a crash left behind; they are deleted, since a dataset without its manifest does not exist.
     * One that cannot be deleted (the tier turned read-only) is left there and ignored: it must not
     * keep the job from restarting from the datasets that are whole.
     */
    List<Manifest> scan() throws IOException {
        List<Manifest> found = new ArrayList<>();
        for (StorageTier tier : tiers.values()) {
            for (String dir : tier.listDatasets()) {
                Matcher m = DIRECTORY.matcher(dir);
                if (!m.matches() || Integer.parseInt(m.group(2)) != rank) {
                    continue;
                }
                Optional<Manifest> manifest = readManifest(tier, dir);
                String misplaced = manifest.map(held -> misplaced(held, Long.parseLong(m.group(1)), tier)).orElse(null);
                if (manifest.isPresent() && misplaced == null) {
                    found.add(manifest.get());
                } else {
                    if (misplaced != null) {
                        LOG.warn("rank {}: deleting {} on tier '{}': its manifest ({}/{}/{}) {}", rank, dir, tier.name(),
                                tier.location(), dir, MANIFEST, misplaced);
                    }
                    try {
                        tier.deleteDataset(dir);
                    } catch (IOException e) {
                        LOG.warn("rank {}: cannot delete {} on tier '{}', which is not a complete dataset; ignoring it: {}", rank, dir,
                                tier.name(), e.getMessage());
                    }
                }
            }
        }
        return found;
    }

    /**
     * Why a manifest cannot describe the directory it was found in (it names another dataset, rank
     * or tier: copied or altered), or null when it can.
     */
    private String misplaced(Manifest manifest, long id, StorageTier tier) {
        DatasetInfo d = manifest.dataset();
        if (d.id() == id && manifest.rank() == rank && d.tier().equals(tier.name())) {
            return null;
        }
        return "belongs to dataset " + d.id() + " rank " + manifest.rank() + " on tier '" + d.tier() + "', not to dataset " + id
                + " rank " + rank + " on tier '" + tier.name() + "'";
    }

    private Optional<Manifest> readManifest(StorageTier tier, String dir) {
        try (InputStream in = tier.open(dir, MANIFEST)) {
            return Optional.of(ManifestCodec.decode(in.readAllBytes(), tier.location() + "/" + dir + "/" + MANIFEST));
        } catch (FileNotFoundException | NoSuchFileException e) {
            LOG.info("rank {}: deleting {} on tier '{}': it has no manifest, so it was never completed", rank, dir, tier.name());
        } catch (IOException e) {
            LOG.warn("rank {}: deleting {} on tier '{}': {}", rank, dir, tier.name(), e.getMessage());
        }
        return Optional.empty();
    }

    void create(DatasetInfo dataset) throws IOException {
        StorageTier tier = tier(dataset.tier());
        tier.deleteDataset(directory(dataset.id())); // leftovers of a crashed attempt with the same id
        tier.createDataset(directory(dataset.id()));
    }

    /** The local path of a file of this rank's part of a dataset; parent directories are created. */
    Path path(DatasetInfo dataset, String file, boolean create) {
        StorageTier tier = tier(dataset.tier());
        Path path = tier.localPath(directory(dataset.id()), FILES + file).orElseThrow(() -> new IllegalStateException(
                "tier '" + tier.name() + "' has no local directory"));
        if (create) {
            try {
                Files.createDirectories(path.getParent(), Directories.PRIVATE);
            } catch (IOException e) {
                throw new org.scr4j.ScrException("cannot create the directory of '" + file + "' in " + dataset.label()
                        + " on tier '" + tier.name() + "' (" + e + ")", e);
            }
        }
        return path;
    }

    /** Makes a file the application wrote durable, and measures its size and CRC32C. */
    FileEntry seal(DatasetInfo dataset, String file) throws IOException {
        StorageTier tier = tier(dataset.tier());
        Path path = path(dataset, file, false);
        if (Files.isSymbolicLink(path)) {
            // A link would make the checkpoint hold, and the flush copy out, whatever it points to.
            throw new IOException("file '" + file + "' of " + dataset.label() + " is a symbolic link at " + path + " (to "
                    + Files.readSymbolicLink(path) + "), not a file; scr4j keeps only the files an application writes at the"
                    + " paths route() gives. Fix: write the file itself there");
        }
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileNotFoundException("file '" + file + "' was routed but not written (no file at " + path + ")");
        }
        // The tier refuses a link anywhere between its base and the file.
        tier.sync(directory(dataset.id()), FILES + file);
        CRC32C crc = new CRC32C();
        long size = 0;
        // A direct buffer: the file's bytes are copied once, from the page cache, and the CRC32C
        // intrinsic reads them there; a stream would copy them twice, through a heap array.
        if (sealBuffer == null) {
            sealBuffer = ByteBuffer.allocateDirect(bufferSize);
        }
        try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            for (int n; (n = in.read(sealBuffer.clear())) > 0; size += n) {
                crc.update(sealBuffer.flip());
            }
        }
        return new FileEntry(file, size, crc.getValue());
    }

    /** Writes the manifest last, durably and atomically: from now on the dataset exists on this rank. */
    void commit(Manifest manifest) throws IOException {
        StorageTier tier = tier(manifest.dataset().tier());
        try (TierWriter out = tier.create(directory(manifest.dataset().id()), MANIFEST)) {
            out.write(ManifestCodec.encode(manifest));
            out.commit();
        }
    }

    /** Null when every file reads back with its recorded size and CRC32C, else what is wrong. */
    String verify(Manifest manifest) {
        StorageTier tier = tier(manifest.dataset().tier());
        String dir = directory(manifest.dataset().id());
        for (FileEntry f : manifest.files()) {
            try (InputStream in = tier.open(dir, FILES + f.path())) {
                String problem = Verifier.check(in, f, bufferSize);
                if (problem != null) {
                    return "file '" + f.path() + "' on tier '" + tier.name() + "': " + problem;
                }
            } catch (FileNotFoundException | NoSuchFileException e) {
                return "file '" + f.path() + "' is missing from tier '" + tier.name() + "'";
            } catch (IOException e) {
                return "file '" + f.path() + "' on tier '" + tier.name() + "' cannot be read (" + e.getMessage() + ")";
            }
        }
        return null;
    }

    InputStream open(DatasetInfo dataset, String file) throws IOException {
        return tier(dataset.tier()).open(directory(dataset.id()), FILES + file);
    }

    TierWriter create(DatasetInfo dataset, String file) throws IOException {
        return tier(dataset.tier()).create(directory(dataset.id()), FILES + file);
    }

    /**
     * Copies this rank's part of a dataset, with its redundancy files, to another tier, checking
     * each of the application's files against its CRC32C on the way; the manifest on the new tier,
     * naming that tier, is written last. The part on the old tier is left for the caller to delete
     * once every rank has copied. Returns the new manifest.
     */
    Manifest copyPart(Manifest mine, String toTier) throws IOException {
        DatasetInfo from = mine.dataset();
        StorageTier source = tier(from.tier());
        StorageTier target = tier(toTier);
        String dir = directory(from.id());
        target.deleteDataset(dir); // what an interrupted earlier move left
        target.createDataset(dir);
        Map<String, FileEntry> files = new java.util.HashMap<>();
        mine.files().forEach(f -> files.put(FILES + f.path(), f));
        for (String file : source.listFiles(dir)) {
            if (file.equals(MANIFEST)) {
                continue;
            }
            try (InputStream in = source.open(dir, file); TierWriter out = target.create(dir, file)) {
                FileEntry entry = files.get(file);
                if (entry != null) {
                    String problem = Verifier.copy(in, out, entry, bufferSize);
                    if (problem != null) {
                        throw new IOException("cached file '" + entry.path() + "' of " + from.label() + " on tier '"
                                + source.name() + "': " + problem + "; it was not moved");
                    }
                } else {
                    in.transferTo(out); // a redundancy file: its header carries its own CRC32C
                }
                out.commit();
            }
        }
        Manifest moved = new Manifest(from.withTier(toTier), rank, mine.files(), mine.started(), mine.completed());
        commit(moved);
        return moved;
    }

    /** The bytes this rank's part of a dataset takes on its tier, redundancy included. */
    long partBytes(DatasetInfo dataset) throws IOException {
        StorageTier tier = tier(dataset.tier());
        String dir = directory(dataset.id());
        long bytes = 0;
        for (String file : tier.listFiles(dir)) {
            bytes += tier.length(dir, file);
        }
        return bytes;
    }

    void delete(DatasetInfo dataset) throws IOException {
        tier(dataset.tier()).deleteDataset(directory(dataset.id()));
    }
}
