package org.scr4j.tier.pfs;

import static java.util.Objects.requireNonNull;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.UserGroupInformation;
import org.scr4j.tier.Ownership;
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

/** A tier on a Hadoop FileSystem. Writes go to a temporary name, are hsync'ed, then renamed. */
final class PfsTier implements StorageTier {
    private static final FsPermission PRIVATE = new FsPermission((short) 0700);

    private final TierSpec spec;
    private final FileSystem fs;
    private final Path root;
    private final ReservationLedger ledger;

    PfsTier(TierSpec spec, FileSystem fs, Path root) throws IOException {
        this.spec = requireNonNull(spec, "spec is null");
        this.fs = requireNonNull(fs, "fs is null");
        this.root = fs.makeQualified(requireNonNull(root, "root is null"));
        mkdirs(this.root);
        requireOwnBase();
        this.ledger = new ReservationLedger(spec.name(), spec.capacity(), () -> fs.getContentSummary(this.root).getLength(),
                () -> fs.getStatus(this.root).getRemaining());
    }

    private void mkdirs(Path dir) throws IOException {
        try {
            // One level at a time: mkdirs(dir, permission) gives the missing parents that permission
            // on HDFS, but only the umask's default (0755) on file://.
            Deque<Path> missing = new ArrayDeque<>();
            for (Path p = dir; p != null && !isDirectory(p); p = p.getParent()) {
                missing.push(p);
            }
            for (Path p : missing) {
                if (!fs.mkdirs(p, PRIVATE)) {
                    throw new TierException("tier '" + name() + "': cannot create directory " + p
                            + ". Fix: create it writable by this user, or point scr.tier." + name() + ".base elsewhere");
                }
            }
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException | org.apache.hadoop.fs.ParentNotDirectoryException e) {
            throw new TierException("tier '" + name() + "': " + dir + " or one of its parents is a file, not a directory", e);
        } catch (org.apache.hadoop.security.AccessControlException e) {
            throw new TierException("tier '" + name() + "': cannot create directory " + dir + " (permission denied)"
                    + ". Fix: create it writable by this user, or point scr.tier." + name() + ".base elsewhere", e);
        }
    }

    /**
     * The base must belong to this user: its owner could plant datasets there for a fetch to
     * restore, or take the flushed ones away. Other users' write access is not refused, as project
     * directories on a parallel file system are often shared with a group; the prefix's control
     * directory is private all the same ({@code ControlDirectory}).
     */
    private void requireOwnBase() throws IOException {
        String what = "tier '" + name() + "': base";
        String fix = "point scr.tier." + name() + ".base (SCR_PREFIX for the prefix) at a directory of your own";
        if (fs instanceof RawLocalFileSystem raw) {
            Ownership.requireOwner(raw.pathToFile(root).toPath(), what, fix);
            return;
        }
        String owner = fs.getFileStatus(root).getOwner();
        String me = UserGroupInformation.getCurrentUser().getShortUserName();
        if (!owner.equals(me)) {
            throw new TierException(what + " " + root + " belongs to user " + owner + ", not to " + me + ", who runs this job:"
                    + " its owner could plant files there. Fix: remove it (as its owner), or " + fix);
        }
    }

    /** False when nothing is there yet; a file where a directory belongs is refused. */
    private boolean isDirectory(Path p) throws IOException {
        try {
            if (!fs.getFileStatus(p).isDirectory()) {
                throw new org.apache.hadoop.fs.ParentNotDirectoryException(p + " is a file");
            }
            return true;
        } catch (FileNotFoundException e) {
            return false;
        }
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
        return Durability.GLOBAL;
    }

    @Override
    public URI location() {
        return root.toUri();
    }

    @Override
    public OptionalLong capacity() {
        return spec.capacity();
    }

    private Path datasetDir(String dataset) {
        return new Path(root, RelativePaths.checkDataset(dataset));
    }

    private Path filePath(String dataset, String file) {
        return new Path(datasetDir(dataset), RelativePaths.checkFile(file));
    }

    @Override
    public void createDataset(String dataset) throws IOException {
        mkdirs(datasetDir(dataset));
    }

    @Override
    public List<String> listDatasets() throws IOException {
        List<String> names = new ArrayList<>();
        for (FileStatus status : fs.listStatus(root)) {
            if (status.isDirectory()) {
                names.add(status.getPath().getName());
            }
        }
        names.sort(null);
        return names;
    }

    @Override
    public List<String> listFiles(String dataset) throws IOException {
        Path dir = fs.makeQualified(datasetDir(dataset));
        String prefix = dir.toUri().getPath() + "/";
        List<String> files = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
        while (it.hasNext()) {
            Path p = it.next().getPath();
            if (!p.getName().contains(RelativePaths.TEMP_MARK)) {
                files.add(p.toUri().getPath().substring(prefix.length()));
            }
        }
        files.sort(null);
        return files;
    }

    @Override
    public void deleteDataset(String dataset) throws IOException {
        Path dir = datasetDir(dataset);
        if (fs.exists(dir) && !fs.delete(dir, true)) {
            throw new TierException("tier '" + name() + "': could not delete " + dir);
        }
    }

    @Override
    public TierWriter create(String dataset, String file) throws IOException {
        Path target = filePath(dataset, file);
        mkdirs(target.getParent());
        Path temp = new Path(target.getParent(), target.getName() + RelativePaths.TEMP_MARK + UUID.randomUUID());
        FSDataOutputStream out = fs.create(temp, false);
        return new TierWriter() {
            private boolean done;
            /** What the stream threw; HDFS's stream throws it again from close(), see {@link FailedStreams}. */
            private Throwable failure;

            @Override
            public void write(int b) throws IOException {
                try {
                    out.write(b);
                } catch (IOException | RuntimeException e) {
                    failure = e;
                    throw e;
                }
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    out.write(b, off, len);
                } catch (IOException | RuntimeException e) {
                    failure = e;
                    throw e;
                }
            }

            @Override
            public void commit() throws IOException {
                try {
                    out.hsync();
                    out.close();
                } catch (IOException | RuntimeException e) {
                    failure = e;
                    throw e;
                }
                try {
                    AtomicRename.replace(fs, temp, target);
                } catch (IOException e) {
                    throw new TierException("tier '" + name() + "': cannot rename " + temp + " to " + target + " (" + e.getMessage() + ")", e);
                }
                done = true;
            }

            /** Without a commit: the temporary file is deleted, even when the stream failed. */
            @Override
            public void close() throws IOException {
                if (done) {
                    return;
                }
                done = true;
                try {
                    if (failure == null) {
                        out.close();
                    } else {
                        FailedStreams.close(out, failure);
                    }
                } finally {
                    fs.delete(temp, false);
                }
            }
        };
    }

    @Override
    public InputStream open(String dataset, String file) throws IOException {
        return fs.open(filePath(dataset, file));
    }

    @Override
    public long length(String dataset, String file) throws IOException {
        return fs.getFileStatus(filePath(dataset, file)).getLen();
    }

    @Override
    public Optional<java.nio.file.Path> localPath(String dataset, String file) {
        if (!"file".equals(root.toUri().getScheme())) {
            return Optional.empty();
        }
        return Optional.of(java.nio.file.Path.of(fs.makeQualified(filePath(dataset, file)).toUri()));
    }

    @Override
    public void sync(String dataset, String file) throws IOException {
        // Only a local file can have been written directly; files on a remote file system are
        // written through create(), which hsyncs before the rename.
        Optional<java.nio.file.Path> local = localPath(dataset, file);
        if (local.isPresent()) {
            try (FileChannel channel = FileChannel.open(local.get(), StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        } else if (!fs.exists(filePath(dataset, file))) {
            throw new FileNotFoundException(filePath(dataset, file).toString());
        }
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
        Path probe = new Path(root, RelativePaths.TEMP_MARK + "health-" + UUID.randomUUID());
        try {
            if (!fs.getFileStatus(root).isDirectory()) {
                problems.add(where + ": not a directory");
            } else {
                try (FSDataOutputStream out = fs.create(probe, false)) {
                    out.write(1);
                }
                fs.delete(probe, false);
                TierUsage usage = usage();
                if (usage.fsFree() <= 0) {
                    problems.add(where + ": its file system is full. Fix: free space there");
                }
                if (spec.capacity().isPresent() && usage.used() >= spec.capacity().getAsLong()) {
                    problems.add(where + ": " + usage.used() + " bytes used of its capacity of " + spec.capacity().getAsLong()
                            + ". Fix: delete datasets, or raise scr.tier." + name() + ".capacity");
                }
            }
        } catch (FileNotFoundException e) {
            problems.add(where + ": the directory does not exist. Fix: create it");
        } catch (IOException e) {
            problems.add(where + ": not usable (" + e.getMessage() + ")");
        }
        return new TierHealth(name(), problems);
    }

    @Override
    public void close() throws IOException {
        fs.close();
    }
}
