package org.scr4j.tier.local;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
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

/**
 * A tier in a directory of a local file system: the ramdisk, ssd and nvram types. Nothing below
 * its base is ever reached through a symbolic link: scr4j makes none there, so one it finds was
 * planted, and following it could make the job read, flush or overwrite a file elsewhere (another
 * user's, or a secret of this one). Such a path is refused with an error naming the link.
 */
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
        Directories.openBase(this.root, spec.name());
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

    /** {@code path}, below the root, after checking that none of its parts that exist is a symbolic link. */
    private Path noLinks(Path path) throws TierException {
        Path at = root;
        for (Path part : root.relativize(path)) {
            at = at.resolve(part);
            if (Files.isSymbolicLink(at)) {
                throw plantedLink(at);
            }
        }
        return path;
    }

    private TierException plantedLink(Path link) {
        String target;
        try {
            target = " to " + Files.readSymbolicLink(link);
        } catch (IOException e) {
            target = "";
        }
        return new TierException("tier '" + name() + "': " + link + " is a symbolic link" + target + "; scr4j makes none in its"
                + " cache and never follows one there, as it could lead to another user's file or outside the dataset. Fix:"
                + " find out who planted it, and delete it");
    }

    @Override
    public void createDataset(String dataset) throws IOException {
        Directories.createPrivate(noLinks(datasetDir(dataset)), spec.name());
        Directories.fsync(root);
    }

    @Override
    public List<String> listDatasets() throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            // A link to a directory is listed too, so that whoever reads it is refused, says so and deletes the link.
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Override
    public List<String> listFiles(String dataset) throws IOException {
        Path dir = noLinks(datasetDir(dataset));
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "tier '" + name() + "' has no dataset '" + dataset + "'");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = files.toList();
            for (Path p : all) {
                if (Files.isSymbolicLink(p)) {
                    throw plantedLink(p);
                }
            }
            return all.stream().filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !p.getFileName().toString().contains(RelativePaths.TEMP_MARK))
                    .map(p -> dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/"))
                    .sorted()
                    .toList();
        }
    }

    @Override
    public void deleteDataset(String dataset) throws IOException {
        Path dir = datasetDir(dataset);
        if (Files.isSymbolicLink(dir)) {
            // Only the link goes: what it points to is not the tier's to delete.
            Files.delete(dir);
            Directories.fsync(root);
        } else if (Files.exists(dir)) {
            // Links inside are deleted as links, never followed.
            PathUtils.deleteDirectory(dir);
            Directories.fsync(root);
        }
    }

    @Override
    public TierWriter create(String dataset, String file) throws IOException {
        Path target = noLinks(filePath(dataset, file));
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
        return Files.newInputStream(noLinks(filePath(dataset, file)), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public long length(String dataset, String file) throws IOException {
        return Files.readAttributes(noLinks(filePath(dataset, file)), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
    }

    @Override
    public Optional<Path> localPath(String dataset, String file) {
        return Optional.of(filePath(dataset, file));
    }

    @Override
    public void sync(String dataset, String file) throws IOException {
        Path path = noLinks(filePath(dataset, file));
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
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
