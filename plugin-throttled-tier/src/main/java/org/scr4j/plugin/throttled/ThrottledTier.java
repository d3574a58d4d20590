package org.scr4j.plugin.throttled;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.scr4j.tier.Durability;
import org.scr4j.tier.RelativePaths;
import org.scr4j.tier.Reservation;
import org.scr4j.tier.ReservationLedger;
import org.scr4j.tier.StorageTier;
import org.scr4j.tier.TierException;
import org.scr4j.tier.TierHealth;
import org.scr4j.tier.TierSpec;
import org.scr4j.tier.TierUsage;
import org.scr4j.tier.TierWriter;
import org.scr4j.tier.local.Directories;

/**
 * A tier in a local directory whose reads and writes all pass through one {@link Pacer}. Built
 * only on the public tier SPI, as any site's plugin must be.
 *
 * <p>It has no {@link #localPath}: a file the application wrote there directly would bypass the
 * throttle, so every byte goes through {@link #create} and {@link #open}.
 */
final class ThrottledTier implements StorageTier {
    private final TierSpec spec;
    private final Durability durability;
    private final Path root;
    private final Pacer pacer;
    private final ReservationLedger ledger;

    ThrottledTier(TierSpec spec, Durability durability, Path root, Pacer pacer) throws TierException {
        this.spec = requireNonNull(spec, "spec is null");
        this.durability = requireNonNull(durability, "durability is null");
        this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
        this.pacer = requireNonNull(pacer, "pacer is null");
        Directories.createPrivate(this.root, spec.name());
        this.ledger = new ReservationLedger(spec.name(), spec.capacity(), this::usedBytes,
                () -> Files.getFileStore(this.root).getUsableSpace());
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public String type() {
        return spec.type();
    }

    @Override
    public Durability durability() {
        return durability;
    }

    @Override
    public URI location() {
        return root.toUri();
    }

    @Override
    public OptionalLong capacity() {
        return spec.capacity();
    }

    /** Bytes per second, shared by every read and write of this tier. */
    long bandwidth() {
        return pacer.bytesPerSecond();
    }

    private Path datasetDir(String dataset) {
        return root.resolve(RelativePaths.checkDataset(dataset));
    }

    private Path filePath(String dataset, String file) {
        return RelativePaths.resolve(datasetDir(dataset), RelativePaths.checkFile(file));
    }

    @Override
    public void createDataset(String dataset) throws IOException {
        Directories.createPrivate(datasetDir(dataset), spec.name());
        Directories.fsync(root);
    }

    @Override
    public List<String> listDatasets() throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Override
    public List<String> listFiles(String dataset) throws IOException {
        Path dir = datasetDir(dataset);
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "tier '" + name() + "' has no dataset '" + dataset + "'");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().contains(RelativePaths.TEMP_MARK))
                    .map(p -> dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/"))
                    .sorted()
                    .toList();
        }
    }

    @Override
    public void deleteDataset(String dataset) throws IOException {
        Path dir = datasetDir(dataset);
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
        Directories.fsync(root);
    }

    @Override
    public TierWriter create(String dataset, String file) throws IOException {
        Path target = filePath(dataset, file);
        Directories.createPrivate(target.getParent(), spec.name());
        Path temp = target.resolveSibling(target.getFileName() + RelativePaths.TEMP_MARK + UUID.randomUUID());
        return new PacedWriter(temp, target, pacer);
    }

    @Override
    public InputStream open(String dataset, String file) throws IOException {
        return new PacedInputStream(Files.newInputStream(filePath(dataset, file)), pacer);
    }

    @Override
    public long length(String dataset, String file) throws IOException {
        return Files.size(filePath(dataset, file));
    }

    @Override
    public Optional<Path> localPath(String dataset, String file) {
        RelativePaths.checkDataset(dataset);
        RelativePaths.checkFile(file);
        return Optional.empty();
    }

    /** Files reach this tier only through {@link #create}, whose commit already made them durable. */
    @Override
    public void sync(String dataset, String file) throws IOException {
        Path path = filePath(dataset, file);
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString(), null, "tier '" + name() + "' has no file '" + file
                    + "' in dataset '" + dataset + "'");
        }
    }

    /** Bytes under the tier's directory; files deleted while it counts are simply not counted. */
    private long usedBytes() throws IOException {
        AtomicLong total = new AtomicLong();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                total.addAndGet(attrs.size());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                if (failure instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw failure;
            }
        });
        return total.get();
    }

    @Override
    public TierUsage usage() throws IOException {
        return ledger.usage();
    }

    @Override
    public Reservation reserve(long bytes) throws IOException {
        return ledger.reserve(bytes);
    }

    @Override
    public TierHealth checkHealth() {
        List<String> problems = new ArrayList<>();
        String where = "tier '" + name() + "' at " + root;
        if (!Files.isDirectory(root)) {
            problems.add(where + ": the directory does not exist. Fix: create it, or point scr.tier." + name()
                    + ".base at an existing file system");
            return new TierHealth(name(), problems);
        }
        Path probe = root.resolve(RelativePaths.TEMP_MARK + "health-" + UUID.randomUUID());
        try {
            Files.write(probe, new byte[] {1});
        } catch (IOException e) {
            problems.add(where + ": not writable (" + e.getMessage() + "). Fix: make it writable by user "
                    + System.getProperty("user.name") + ", or point scr.tier." + name() + ".base elsewhere");
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException e) {
                problems.add(where + ": cannot delete the probe file " + probe + " (" + e.getMessage() + ")");
            }
        }
        try {
            TierUsage usage = usage();
            if (usage.fsFree() <= 0) {
                problems.add(where + ": its file system is full (0 bytes free). Fix: free space there, or use another tier");
            }
            if (spec.capacity().isPresent() && usage.used() >= spec.capacity().getAsLong()) {
                problems.add(where + ": " + usage.used() + " bytes used of its capacity of " + spec.capacity().getAsLong()
                        + ". Fix: delete datasets, or raise scr.tier." + name() + ".capacity");
            }
        } catch (IOException e) {
            problems.add(where + ": cannot read its space (" + e.getMessage() + ")");
        }
        return new TierHealth(name(), problems);
    }
}
