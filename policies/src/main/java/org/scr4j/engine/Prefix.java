package org.scr4j.engine;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.apache.hadoop.fs.Path;
import org.scr4j.compress.Compression;
import org.scr4j.compress.Encoder;
import org.scr4j.compress.EncodingStream;
import org.scr4j.compress.StoredFormatException;
import org.scr4j.control.ControlDirectory;
import org.scr4j.dataset.DatasetInfo;
import org.scr4j.dataset.FileEntry;
import org.scr4j.dataset.Manifest;
import org.scr4j.dataset.ManifestCodec;
import org.scr4j.fault.CrashPoints;
import org.scr4j.tier.StorageTier;
import org.scr4j.tier.TierWriter;

/**
 * One rank's side of moving datasets between its cache and the prefix. On the prefix a dataset's
 * files sit under {@code <prefix>/<name>/} at the paths the application routed them to, each as it is
 * or compressed as its level's descriptor asks (the rank's manifest under
 * {@code <prefix>/.scr4j/datasets/<id>/rank.<R>.json} says which).
 */
final class Prefix {
    private final StorageTier tier;
    private final ControlDirectory control;
    private final Cache cache;
    private final int bufferSize;

    Prefix(StorageTier tier, ControlDirectory control, Cache cache, int bufferSize) {
        this.tier = requireNonNull(tier, "tier is null");
        this.control = requireNonNull(control, "control is null");
        this.cache = requireNonNull(cache, "cache is null");
        this.bufferSize = bufferSize;
    }

    StorageTier tier() {
        return tier;
    }

    ControlDirectory control() {
        return control;
    }

    Path manifestDirectory(long id) {
        return new Path(new Path(control.path(), "datasets"), Long.toString(id));
    }

    private Path manifestPath(long id, int rank) {
        return new Path(manifestDirectory(id), "rank." + rank + ".json");
    }

    /**
     * Copies this rank's files to the prefix, checking each against its CRC32C on the way out and
     * again when read back from the prefix, then writes the rank's manifest there.
     */
    void flush(Manifest manifest) throws IOException {
        flush(manifest, Compression.NONE, Throttle.NONE, bytes -> { });
    }

    /** As {@link #flush(Manifest, Compression, Throttle, LongConsumer)}, storing files as they are. */
    void flush(Manifest manifest, Throttle throttle, LongConsumer copied) throws IOException {
        flush(manifest, Compression.NONE, throttle, copied);
    }

    /**
     * As {@link #flush(Manifest)}, storing each file with {@code compression}, reading the cache no
     * faster than {@code throttle} allows, and telling {@code copied} the (original) size of each
     * file once it is on the prefix and checked. The prefix manifest records how each file is
     * stored; its size and CRC32C stay those of the original bytes, which the read-back decodes
     * and checks.
     */
    void flush(Manifest manifest, Compression compression, Throttle throttle, LongConsumer copied) throws IOException {
        DatasetInfo dataset = manifest.dataset();
        tier.createDataset(dataset.name());
        List<FileEntry> flushed = new ArrayList<>();
        try (Encoder encoder = compression.enabled() ? new Encoder(compression) : null) {
            for (FileEntry f : manifest.files()) {
                FileEntry stored;
                try (InputStream in = throttle.wrap(cache.open(dataset, f.path()));
                        TierWriter out = tier.create(dataset.name(), f.path())) {
                    String problem;
                    if (encoder == null) {
                        problem = Verifier.copy(in, out, f, bufferSize);
                        stored = f;
                    } else {
                        EncodingStream encoded = encoder.open(out);
                        problem = Verifier.copy(in, encoded, f, bufferSize);
                        stored = f.storedAs(compression, encoded.finish());
                    }
                    if (problem != null) {
                        throw new IOException("cached file '" + f.path() + "' of " + dataset.label() + ": " + problem
                                + "; the cached copy is damaged and was not flushed");
                    }
                    out.commit();
                }
                try (InputStream back = stored.stored().decoding(tier.open(dataset.name(), f.path()))) {
                    String problem = Verifier.check(back, f, bufferSize);
                    if (problem != null) {
                        throw new IOException("file '" + f.path() + "' of " + dataset.label() + " read back from the prefix: " + problem);
                    }
                } catch (StoredFormatException e) {
                    throw new IOException("file '" + f.path() + "' of " + dataset.label() + " read back from the prefix ("
                            + compression + "): " + e.getMessage(), e);
                }
                CrashPoints.reach(CrashPoints.FLUSH_FILE);
                copied.accept(f.size());
                flushed.add(stored);
            }
        }
        Manifest onPrefix = new Manifest(dataset, manifest.rank(), flushed, manifest.started(), manifest.completed());
        control.replace(manifestPath(dataset.id(), manifest.rank()), ManifestCodec.encode(onPrefix));
    }

    /** This rank's manifest of a flushed dataset, or empty if the prefix has none. */
    Optional<Manifest> manifest(long id, int rank) throws IOException {
        Path path = manifestPath(id, rank);
        Optional<byte[]> bytes = control.read(path);
        return bytes.isEmpty() ? Optional.empty() : Optional.of(ManifestCodec.decode(bytes.get(), path.toString()));
    }

    /**
     * Copies this rank's files of a flushed dataset into the cache tier named in {@code target},
     * decoding those stored compressed and checking every CRC32C of the original bytes; a file
     * that fails is never committed to the cache. The cache manifest is written last. Returns it.
     */
    Manifest fetch(Manifest flushed, DatasetInfo target) throws IOException {
        cache.create(target);
        String where = where(flushed.dataset().name());
        List<FileEntry> local = new ArrayList<>();
        for (FileEntry f : flushed.files()) {
            try (InputStream in = f.stored().decoding(tier.open(flushed.dataset().name(), f.path()));
                    TierWriter out = cache.create(target, f.path())) {
                String problem = Verifier.copy(in, out, f, bufferSize);
                if (problem != null) {
                    throw new IOException("file '" + f.path() + "' on the prefix (" + where + "): " + problem);
                }
                out.commit();
            } catch (java.io.FileNotFoundException e) {
                throw new IOException("file '" + f.path() + "' is missing from the prefix (" + where + ")", e);
            } catch (StoredFormatException e) {
                throw new IOException("file '" + f.path() + "' on the prefix (" + where + ", stored " + f.stored() + "): "
                        + e.getMessage(), e);
            }
            CrashPoints.reach(CrashPoints.FETCH_FILE);
            local.add(f.plain());
        }
        Manifest fetched = new Manifest(target, flushed.rank(), local, flushed.started(), flushed.completed());
        cache.commit(fetched);
        return fetched;
    }

    /** The prefix directory of a dataset, for messages. */
    private String where(String name) {
        return tier.location().toString().replaceAll("/+$", "") + "/" + name;
    }

    /** The largest dataset id with manifests on the prefix, 0 if none. */
    long newestManifestId() throws IOException {
        Path dir = new Path(control.path(), "datasets");
        if (!control.fileSystem().exists(dir)) {
            return 0;
        }
        long newest = 0;
        for (org.apache.hadoop.fs.FileStatus status : control.fileSystem().listStatus(dir)) {
            if (status.isDirectory() && status.getPath().getName().matches("\\d{1,18}")) {
                newest = Math.max(newest, Long.parseLong(status.getPath().getName()));
            }
        }
        return newest;
    }

    /** Removes a dataset's files and manifests from the prefix (rank 0 does this for every rank). */
    void delete(String name, long id) throws IOException {
        tier.deleteDataset(name);
        control.fileSystem().delete(manifestDirectory(id), true);
    }
}
