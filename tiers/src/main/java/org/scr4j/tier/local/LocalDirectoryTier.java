package org.scr4j.tier.local;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;
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

/** A tier in a directory of a local file system: the ramdisk, ssd and nvram types. */
final class LocalDirectoryTier implements StorageTier {
    private final TierSpec spec;
    private final Durability durability;
    private final Path root;
    private final LocalWrites writes;
    private final ReservationLedger ledger;

    LocalDirectoryTier(TierSpec spec, Durability durability, Path root, LocalWrites writes) throws TierException {
        this.spec = requireNonNull(spec, "spec is null");
        this.durability = requireNonNull(durability, "durability is null");
        this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
        this.writes = requireNonNull(writes, "writes is null");
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

    Path root() {
        return root;
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
        if (Files.exists(dir)) {
            PathUtils.deleteDirectory(dir);
            Directories.fsync(root);
        }
    }

    @Override
    public TierWriter create(String dataset, String file) throws IOException {
        Path target = filePath(dataset, file);
        Directories.createPrivate(target.getParent(), spec.name());
        Path temp = target.resolveSibling(target.getFileName() + RelativePaths.TEMP_MARK + UUID.randomUUID());
        LocalWrites.Durable out = writes.open(temp);
        return new TierWriter() {
            private boolean committed;

            @Override
            public void write(int b) throws IOException {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void commit() throws IOException {
                out.force();
                out.close();
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Directories.fsync(target.getParent());
                committed = true;
            }

            @Override
            public void close() throws IOException {
                if (!committed) {
                    out.close();
                    Files.deleteIfExists(temp);
                }
            }
        };
    }

    @Override
    public InputStream open(String dataset, String file) throws IOException {
        return Files.newInputStream(filePath(dataset, file));
    }

    @Override
    public long length(String dataset, String file) throws IOException {
        return Files.size(filePath(dataset, file));
    }

    @Override
    public Optional<Path> localPath(String dataset, String file) {
        return Optional.of(filePath(dataset, file));
    }

    @Override
    public void sync(String dataset, String file) throws IOException {
        Path path = filePath(dataset, file);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Directories.fsync(path.getParent());
    }

    private long usedBytes() throws IOException {
        return Files.exists(root) ? PathUtils.sizeOfDirectory(root) : 0;
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
        return LocalHealth.check(spec, root);
    }
}
