package org.scr4j.plugin.throttled;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.scr4j.tier.Durability;
import org.scr4j.tier.Reservation;
import org.scr4j.tier.StorageTier;
import org.scr4j.tier.TierHealth;
import org.scr4j.tier.TierUsage;
import org.scr4j.tier.TierWriter;

/**
 * A tier that holds every byte it moves to one bandwidth, around another tier that does the
 * storing (the built-in ssd tier): a plugin decorates what scr4j has rather than copying it.
 */
final class ThrottledTier implements StorageTier {
    private final StorageTier inner;
    private final Pacer pacer;
    private final long bandwidth;

    ThrottledTier(StorageTier inner, Pacer pacer, long bandwidth) {
        this.inner = requireNonNull(inner, "inner is null");
        this.pacer = requireNonNull(pacer, "pacer is null");
        this.bandwidth = bandwidth;
    }

    /** Bytes per second, shared by every stream of this tier as they would share one device. */
    long bandwidth() {
        return bandwidth;
    }

    @Override
    public TierWriter create(String dataset, String file) throws IOException {
        return new PacedWriter(inner.create(dataset, file), pacer);
    }

    @Override
    public InputStream open(String dataset, String file) throws IOException {
        return new PacedInputStream(inner.open(dataset, file), pacer);
    }

    /** None: a file written or read through a local path would bypass the throttle. */
    @Override
    public Optional<Path> localPath(String dataset, String file) {
        return Optional.empty();
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public String type() {
        return inner.type();
    }

    @Override
    public Durability durability() {
        return inner.durability();
    }

    @Override
    public URI location() {
        return inner.location();
    }

    @Override
    public OptionalLong capacity() {
        return inner.capacity();
    }

    @Override
    public void createDataset(String dataset) throws IOException {
        inner.createDataset(dataset);
    }

    @Override
    public List<String> listDatasets() throws IOException {
        return inner.listDatasets();
    }

    @Override
    public List<String> listFiles(String dataset) throws IOException {
        return inner.listFiles(dataset);
    }

    @Override
    public void deleteDataset(String dataset) throws IOException {
        inner.deleteDataset(dataset);
    }

    @Override
    public long length(String dataset, String file) throws IOException {
        return inner.length(dataset, file);
    }

    @Override
    public void sync(String dataset, String file) throws IOException {
        inner.sync(dataset, file);
    }

    @Override
    public TierUsage usage() throws IOException {
        return inner.usage();
    }

    @Override
    public Reservation reserve(long bytes) throws IOException {
        return inner.reserve(bytes);
    }

    @Override
    public TierHealth checkHealth() {
        return inner.checkHealth();
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
