package org.scr4j.engine;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
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
 * files sit under {@code <prefix>/<name>/} exactly as the application routed them, and each rank's
 * manifest under {@code <prefix>/.scr4j/datasets/<id>/rank.<R>.json}.
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
        flush(manifest, Throttle.NONE, bytes -> { });
    }

    /**
     * As {@link #flush(Manifest)}, reading the cache no faster than {@code throttle} allows and
     * telling {@code copied} the size of each file once it is on the prefix and checked.
     */
    void flush(Manifest manifest, Throttle throttle, java.util.function.LongConsumer copied) throws IOException {
        DatasetInfo dataset = manifest.dataset();
        tier.createDataset(dataset.name());
        for (FileEntry f : manifest.files()) {
            try (InputStream in = throttle.wrap(cache.open(dataset, f.path()));
                    TierWriter out = tier.create(dataset.name(), f.path())) {
                String problem = Verifier.copy(in, out, f, bufferSize);
                if (problem != null) {
                    throw new IOException("cached file '" + f.path() + "' of " + dataset.label() + ": " + problem
                            + "; the cached copy is damaged and was not flushed");
                }
                out.commit();
            }
            try (InputStream back = tier.open(dataset.name(), f.path())) {
                String problem = Verifier.check(back, f, bufferSize);
                if (problem != null) {
                    throw new IOException("file '" + f.path() + "' of " + dataset.label() + " read back from the prefix: " + problem);
                }
            }
            CrashPoints.reach(CrashPoints.FLUSH_FILE);
            copied.accept(f.size());
        }
        control.replace(manifestPath(dataset.id(), manifest.rank()), ManifestCodec.encode(manifest));
    }

    /** This rank's manifest of a flushed dataset, or empty if the prefix has none. */
    Optional<Manifest> manifest(long id, int rank) throws IOException {
        Path path = manifestPath(id, rank);
        Optional<byte[]> bytes = control.read(path);
        return bytes.isEmpty() ? Optional.empty() : Optional.of(ManifestCodec.decode(bytes.get(), path.toString()));
    }

    /**
     * Copies this rank's files of a flushed dataset into the cache tier named in {@code target},
     * checking every CRC32C; the cache manifest is written last. Returns it.
     */
    Manifest fetch(Manifest flushed, DatasetInfo target) throws IOException {
        cache.create(target);
        for (FileEntry f : flushed.files()) {
            try (InputStream in = tier.open(flushed.dataset().name(), f.path()); TierWriter out = cache.create(target, f.path())) {
                String problem = Verifier.copy(in, out, f, bufferSize);
                if (problem != null) {
                    throw new IOException("file '" + f.path() + "' on the prefix (" + where(flushed.dataset().name())
                            + "): " + problem);
                }
                out.commit();
            } catch (java.io.FileNotFoundException e) {
                throw new IOException("file '" + f.path() + "' is missing from the prefix (" + where(flushed.dataset().name()) + ")", e);
            }
            CrashPoints.reach(CrashPoints.FETCH_FILE);
        }
        Manifest local = new Manifest(target, flushed.rank(), flushed.files(), flushed.started(), flushed.completed());
        cache.commit(local);
        return local;
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
