package org.scr4j.control;

import static java.util.Objects.requireNonNull;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.scr4j.tier.pfs.AtomicRename;
import org.scr4j.tier.pfs.FailedStreams;
import org.scr4j.tier.pfs.LocalFileSystems;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.UserGroupInformation;
import org.scr4j.tier.Ownership;
import org.scr4j.fault.CrashPoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <prefix>/.scr4j}: the index, the halt file, the event log and their locks. The library and
 * the launcher's commands meet only here and in the prefix, so every file in it is replaced
 * atomically and changed under a lock, on any Hadoop FileSystem (file://, hdfs://, ...).
 */
public final class ControlDirectory {
    /** The control directory's name inside the prefix. */
    public static final String NAME = ".scr4j";

    private static final Logger LOG = LoggerFactory.getLogger(ControlDirectory.class);
    /** Only the job's user may read the control files or take their locks. */
    private static final FsPermission PRIVATE = new FsPermission((short) 0700);
    private static final String TEMP_MARK = ".scr4j-tmp-";
    private static final Pattern LOCK_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

    private final FileSystem fs;
    private final Path prefix;
    private final Path path;
    private final IndexFile index;
    private final HaltFile halt;
    private final EventLog log;
    private final HeartbeatFile heartbeat;
    private final FlushJournal journal;

    /**
     * Creates {@code <prefix>/.scr4j} with permission 0700 if missing, and each missing parent one
     * level at a time with 0700 (set explicitly, whatever the umask). fs is used as given; the prefix
     * is qualified by it, so that messages name the file unambiguously.
     */
    public ControlDirectory(FileSystem fs, Path prefix) throws IOException {
        this.fs = requireNonNull(fs, "fs is null");
        this.prefix = fs.makeQualified(requireNonNull(prefix, "prefix is null"));
        String where = this.prefix.toUri().getPath();
        if (where.isEmpty() || java.nio.file.Path.of(where).normalize().getNameCount() == 0) {
            throw new IllegalArgumentException("the prefix " + this.prefix + " is the root directory of its file system; scr4j"
                    + " keeps each job's datasets and control files there and deletes datasets under it. Fix: set SCR_PREFIX to"
                    + " a directory of the job's own");
        }
        this.path = new Path(this.prefix, NAME);
        createPrivate(fs, path);
        requirePrivate(fs, path);
        this.index = new IndexFile(this, new Path(path, "index"));
        this.halt = new HaltFile(this, new Path(path, "halt"));
        this.log = new EventLog(this, new Path(path, "log"));
        this.heartbeat = new HeartbeatFile(this, new Path(path, "heartbeat"));
        this.journal = new FlushJournal(this, new Path(path, "flush"));
    }

    /**
     * Opens the file system of a prefix URI or absolute local path; a local file system is unwrapped
     * to its raw form (no .crc side files, whose separate rename would break atomic replaces). Uses
     * FileSystem.newInstance so that closing {@link #fileSystem()} closes nothing shared.
     */
    public static ControlDirectory open(URI prefix, Configuration conf) throws IOException {
        requireNonNull(prefix, "prefix is null");
        requireNonNull(conf, "conf is null");
        Path p;
        if (prefix.getScheme() == null) {
            if (prefix.getPath() == null || !prefix.getPath().startsWith("/")) {
                throw new IllegalArgumentException("the prefix " + prefix
                        + " is neither a URI (file:///..., hdfs://...) nor an absolute local path");
            }
            p = new Path("file", null, prefix.getPath());
        } else {
            p = new Path(prefix);
        }
        FileSystem fs = LocalFileSystems.raw(p.toUri(), conf);
        try {
            return new ControlDirectory(fs, p);
        } catch (IOException | RuntimeException e) {
            try {
                fs.close();
            } catch (IOException c) {
                e.addSuppressed(c);
            }
            throw e;
        }
    }

    public FileSystem fileSystem() {
        return fs;
    }

    public Path prefix() {
        return prefix;
    }

    /** {@code <prefix>/.scr4j}. */
    public Path path() {
        return path;
    }

    /** {@code <prefix>/.scr4j/index}. */
    public IndexFile index() {
        return index;
    }

    /** {@code <prefix>/.scr4j/halt}. */
    public HaltFile halt() {
        return halt;
    }

    /** {@code <prefix>/.scr4j/log}. */
    public EventLog log() {
        return log;
    }

    /** {@code <prefix>/.scr4j/heartbeat}. */
    public HeartbeatFile heartbeat() {
        return heartbeat;
    }

    /** {@code <prefix>/.scr4j/flush}: each cached dataset's flush state. */
    public FlushJournal journal() {
        return journal;
    }

    /**
     * Replaces a file atomically, so a reader sees the old content or the new, never a mix, even if
     * the writer is killed: writes {@code <name>.scr4j-tmp-<uuid>} in the same directory, hsyncs,
     * closes, passes {@link CrashPoints#CONTROL_REPLACE}, then renames it over the target. On a
     * RawLocalFileSystem plain rename is rename(2), an atomic replace, and the directory is synced
     * after it; elsewhere FileUtil.rename with OVERWRITE (atomic on HDFS). The temp file is deleted
     * on failure.
     */
    public void replace(Path target, byte[] content) throws IOException {
        requireNonNull(target, "target is null");
        requireNonNull(content, "content is null");
        Path dir = target.getParent();
        if (dir == null) {
            throw new IllegalArgumentException("cannot replace " + target + ": it has no parent directory");
        }
        Path tmp = new Path(dir, target.getName() + TEMP_MARK + UUID.randomUUID());
        try {
            FSDataOutputStream out = fs.create(tmp, false);
            try {
                out.write(content);
                out.hsync();
            } catch (IOException | RuntimeException e) {
                FailedStreams.close(out, e);
                throw e;
            }
            out.close();
            CrashPoints.reach(CrashPoints.CONTROL_REPLACE);
            AtomicRename.replace(fs, tmp, target);
            if (fs instanceof RawLocalFileSystem raw) {
                syncDirectory(raw, dir);
            }
        } catch (IOException | RuntimeException e) {
            try {
                fs.delete(tmp, false);
            } catch (IOException d) {
                e.addSuppressed(d);
            }
            throw e;
        }
    }

    /** The file's bytes; empty if the file does not exist. */
    public Optional<byte[]> read(Path file) throws IOException {
        requireNonNull(file, "file is null");
        try (FSDataInputStream in = fs.open(file)) {
            return Optional.of(in.readAllBytes());
        } catch (FileNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * An exclusive lock named {@code <name>.lock} in the control directory, with the default timeout
     * and lease; see {@link ControlLock}.
     */
    public ControlLock lock(String name) throws IOException {
        return lock(name, ControlLock.DEFAULT_TIMEOUT, ControlLock.DEFAULT_LEASE);
    }

    /** As {@link #lock(String)}, for work longer than the default lease, such as a whole flush. */
    public ControlLock lock(String name, Duration timeout, Duration lease) throws IOException {
        requireNonNull(name, "name is null");
        if (!LOCK_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a lock name is letters, digits, '.', '_' and '-', not \"" + name + "\"");
        }
        return ControlLock.acquire(fs, new Path(path, name + ".lock"), timeout, lease);
    }

    @Override
    public String toString() {
        return "ControlDirectory[" + path + "]";
    }

    private static void createPrivate(FileSystem fs, Path dir) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir; p != null && !fs.exists(p); p = p.getParent()) {
            missing.push(p);
        }
        for (Path p : missing) {
            if (!fs.mkdirs(p, PRIVATE) && !fs.getFileStatus(p).isDirectory()) {
                throw new IOException("could not create the directory " + p);
            }
            fs.setPermission(p, PRIVATE);
        }
        if (!fs.getFileStatus(dir).isDirectory()) {
            throw new IOException(dir + " exists but is not a directory; scr4j keeps its control files there,"
                    + " so move that file aside");
        }
    }

    /**
     * The control directory holds the index, the halt file and the locks that decide what a job
     * restarts from, and may hold the job secret: it must belong to this user, and no one else may
     * write to it. One that group or others may only read is made 0700.
     */
    private static void requirePrivate(FileSystem fs, Path dir) throws IOException {
        String what = "the control directory";
        String fix = "set SCR_PREFIX to a directory of your own";
        if (fs instanceof RawLocalFileSystem raw) {
            Ownership.requirePrivate(raw.pathToFile(dir).toPath(), what, fix);
            return;
        }
        FileStatus status = fs.getFileStatus(dir);
        String me = UserGroupInformation.getCurrentUser().getShortUserName();
        if (!status.getOwner().equals(me)) {
            throw new IOException(what + " " + dir + " belongs to user " + status.getOwner() + ", not to " + me + ", who runs this"
                    + " job: its owner could change which checkpoint the job restarts from. Fix: remove it (as its owner), or " + fix);
        }
        short mode = status.getPermission().toShort();
        if ((mode & 0022) != 0) {
            throw new IOException(what + " " + dir + " has mode " + status.getPermission() + ": other users may write to it. Fix:"
                    + " check what it holds and make it private (hdfs dfs -chmod 700 " + dir + "), or " + fix);
        }
        if ((mode & 0077) != 0) {
            fs.setPermission(dir, PRIVATE);
            LOG.info("{} {} had mode {}; made it {} so that only {} can read it", what, dir, status.getPermission(), PRIVATE, me);
        }
    }

    /** Makes the rename durable across a power loss; a file system that cannot sync directories is let be. */
    private static void syncDirectory(RawLocalFileSystem raw, Path dir) {
        try (FileChannel ch = FileChannel.open(raw.pathToFile(dir).toPath(), StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LOG.debug("Could not sync the directory {} after a rename", dir, e);
        }
    }
}
