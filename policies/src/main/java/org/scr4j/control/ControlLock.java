package org.scr4j.control;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.ipc.RemoteException;
import org.scr4j.tier.pfs.FailedStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lock that works on any Hadoop FileSystem, between the threads and processes of any hosts that
 * share it: whoever creates the lock file exclusively holds the lock. The file holds JSON
 * {"owner":"host:pid","acquired":epochMillis} so that a person can see who holds it.
 *
 * <p>The exclusive create is fs.create(path, false) (atomic on HDFS), except on the local file
 * system, whose create(path, false) checks and then creates: there the file is created with
 * O_CREAT|O_EXCL through java.nio. A waiter backs off from 10 ms, doubling to 200 ms, up to a
 * timeout (default 30 s) and then throws an IOException naming the lock file, its owner and the fix.
 * A lock file older than the lease (default 120 s; its modification time against
 * System.currentTimeMillis()) is taken to be left by a dead process: it is logged, deleted and the
 * acquire retried. Locks guard short read-modify-write steps, far shorter than the lease.
 * {@link #close()} deletes the file, only if it is still this lock's, and is idempotent.
 */
public final class ControlLock implements AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(120);

    private static final Logger LOG = LoggerFactory.getLogger(ControlLock.class);
    private static final long FIRST_BACKOFF_MILLIS = 10;
    private static final long MAX_BACKOFF_MILLIS = 200;
    private static final String HOST = hostName();
    private static final String OWNER = HOST + ":" + ProcessHandle.current().pid();
    /** A creator fills its lock file at once; one still empty after this long belongs to a dead process. */
    private static final long EMPTY_GRACE_MILLIS = 5_000;
    /** Makes "acquired" unique within this process, so close() can tell this lock from a later one. */
    private static final AtomicLong LAST_ACQUIRED = new AtomicLong();
    /**
     * The "acquired" stamps (unique in this process, whatever the file) of the locks this process
     * holds or is creating now: a lock file naming this process but none of these was left when a
     * release failed (the file system was unreachable), and is stale. A stamp is added before its
     * file can appear and removed only after the file is deleted, since another thread of this
     * process may read the file at any moment in between (on HDFS, even before its creator's
     * close() returns) and must not take it for a leftover.
     */
    private static final Set<Long> HELD = ConcurrentHashMap.newKeySet();

    private final FileSystem fs;
    private final Path file;
    private final long acquired;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ControlLock(FileSystem fs, Path file, long acquired) {
        this.fs = requireNonNull(fs, "fs is null");
        this.file = requireNonNull(file, "file is null");
        this.acquired = acquired;
    }

    public static ControlLock acquire(FileSystem fs, Path lockFile, Duration timeout, Duration lease) throws IOException {
        requireNonNull(fs, "fs is null");
        requireNonNull(lockFile, "lockFile is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(lease, "lease is null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("the lock timeout must not be negative, not " + timeout);
        }
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("the lock lease must be positive, not " + lease);
        }
        long start = System.nanoTime();
        long backoff = FIRST_BACKOFF_MILLIS;
        while (true) {
            long acquired = LAST_ACQUIRED.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()));
            HELD.add(acquired);
            boolean created = false;
            try {
                created = createExclusive(fs, lockFile, acquired);
            } finally {
                if (!created) {
                    HELD.remove(acquired);
                }
            }
            if (created) {
                return new ControlLock(fs, lockFile, acquired);
            }
            FileStatus status = statusOrNull(fs, lockFile);
            // Gone already, or stale and now broken: try again at once (still within the timeout).
            boolean retryNow = status == null;
            if (status != null) {
                long age = System.currentTimeMillis() - status.getModificationTime();
                Holder holder = Holder.read(fs, lockFile);
                String dead = deadOwner(holder, age);
                if (dead != null || age > lease.toMillis()) {
                    breakStale(fs, lockFile, status, holder, dead != null ? dead
                            : "it is " + age / 1000 + " s old, older than the lease of " + lease.toSeconds() + " s");
                    retryNow = true;
                }
            }
            long left = timeout.toMillis() - (System.nanoTime() - start) / 1_000_000;
            if (left <= 0) {
                Holder holder = status == null ? null : Holder.read(fs, lockFile);
                String owner = holder == null ? "a process that has just released it" : holder.describe();
                throw new IOException("Timed out after " + timeout.toMillis() + " ms waiting for the lock " + lockFile
                        + ", held by " + owner + "; if that process is gone, delete " + lockFile);
            }
            if (!retryNow) {
                sleep(Math.min(backoff, left));
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    /** Deletes the lock file if it is still this lock's; idempotent. */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Holder now = Holder.read(fs, file);
            if (now == null) {
                LOG.warn("The lock {} was gone when {} released it: another process took it for stale and broke it",
                        file, OWNER);
            } else if (!now.isOwner(OWNER, acquired)) {
                LOG.warn("The lock {} is now held by {}, not by this holder ({}): another process took it for stale"
                        + " and broke it; leaving it", file, now.describe(), OWNER);
            } else {
                fs.delete(file, false);
            }
        } catch (IOException | RuntimeException e) {
            closed.set(false);
            throw e;
        } finally {
            HELD.remove(acquired);
        }
    }

    @Override
    public String toString() {
        return "ControlLock[" + file + ", " + OWNER + " since " + Instant.ofEpochMilli(acquired) + "]";
    }

    private static byte[] encode(long acquired) {
        ObjectNode json = ControlJson.newObject();
        json.put("owner", OWNER);
        json.put("acquired", acquired);
        return ControlJson.compact(json).getBytes(StandardCharsets.UTF_8);
    }

    /** True if this call created the file; false if it exists already. */
    private static boolean createExclusive(FileSystem fs, Path file, long acquired) throws IOException {
        byte[] content = encode(acquired);
        RawLocalFileSystem local = rawLocal(fs);
        if (local != null) {
            // The content is written under a name of its own and then linked into place: link(2)
            // fails if the lock exists, and a lock file never exists without its owner in it.
            java.nio.file.Path p = local.pathToFile(file).toPath();
            java.nio.file.Path filled = p.resolveSibling(p.getFileName() + ".scr4j-tmp-" + java.util.UUID.randomUUID());
            Files.write(filled, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.createLink(p, filled);
                return true;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
                return createNew(fs, file, p, acquired); // no hard links here
            } finally {
                Files.deleteIfExists(filled);
            }
        }
        long started = System.currentTimeMillis();
        FSDataOutputStream out;
        try {
            out = fs.create(file, false);
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (RemoteException e) {
            // HDFS: the file exists and its creator is still writing it.
            if (e.getClassName().endsWith("AlreadyBeingCreatedException")) {
                return false;
            }
            throw e;
        }
        writeOrDelete(fs, file, out, acquired, started);
        return true;
    }

    /** O_CREAT|O_EXCL, then the content: a creator killed in between leaves an empty file, broken after a grace period. */
    private static boolean createNew(FileSystem fs, Path file, java.nio.file.Path p, long acquired) throws IOException {
        long started = System.currentTimeMillis();
        OutputStream out;
        try {
            out = Files.newOutputStream(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        }
        writeOrDelete(fs, file, out, acquired, started);
        return true;
    }

    /**
     * A lock file left without its content would block others for the grace period of empty
     * locks, so a failed write deletes it, but only while it is still this lock's file (see
     * {@link #stillMine}): the write may have failed because the file was deleted and another
     * process took the lock since, and deleting that lock would let a third one in.
     */
    private static void writeOrDelete(FileSystem fs, Path file, OutputStream out, long acquired, long started)
            throws IOException {
        try {
            out.write(encode(acquired));
        } catch (IOException | RuntimeException e) {
            FailedStreams.close(out, e);
            deleteIfStillMine(fs, file, acquired, started, e);
            throw e;
        }
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            deleteIfStillMine(fs, file, acquired, started, e);
            throw e;
        }
    }

    private static void deleteIfStillMine(FileSystem fs, Path file, long acquired, long started, Exception failure) {
        try {
            if (stillMine(fs, file, acquired, started, failure)) {
                fs.delete(file, false);
            }
        } catch (IOException | RuntimeException d) {
            failure.addSuppressed(d);
        }
    }

    /**
     * Whether the lock file whose write failed is still the one this call created: it names this
     * lock; or nothing can be read from it (the content never reached the file system, as when
     * HDFS has no data node to take it), it is younger than the grace for empty locks, before
     * which no other process breaks it, and the failure does not say the file was deleted.
     */
    private static boolean stillMine(FileSystem fs, Path file, long acquired, long started, Exception failure) {
        if (failure instanceof FileNotFoundException || (failure instanceof RemoteException remote
                && remote.getClassName().equals(FileNotFoundException.class.getName()))) {
            return false;
        }
        Holder now;
        try {
            now = Holder.read(fs, file);
        } catch (IOException e) {
            now = new Holder(null, 0);
        }
        if (now == null) {
            return false;
        }
        return now.owner() == null ? System.currentTimeMillis() - started < EMPTY_GRACE_MILLIS : now.isOwner(OWNER, acquired);
    }

    private static RawLocalFileSystem rawLocal(FileSystem fs) {
        if (fs instanceof RawLocalFileSystem raw) {
            return raw;
        }
        if (fs instanceof LocalFileSystem local && local.getRawFileSystem() instanceof RawLocalFileSystem raw) {
            return raw;
        }
        return null;
    }

    private static FileStatus statusOrNull(FileSystem fs, Path file) throws IOException {
        try {
            return fs.getFileStatus(file);
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    /**
     * Why the holder is known to be dead without waiting out the lease, or null: a process of this
     * host that no longer runs (killed while holding the lock), or a file still empty long after
     * its creator should have filled it.
     */
    private static String deadOwner(Holder holder, long age) {
        if (holder == null) {
            return null;
        }
        if (holder.owner() == null) {
            return age > EMPTY_GRACE_MILLIS ? "it has been empty or damaged for " + age + " ms: its creator died while writing it"
                    : null;
        }
        if (holder.owner().equals(OWNER) && !HELD.contains(holder.acquired())) {
            return "this process released it, but could not delete the file then";
        }
        int colon = holder.owner().lastIndexOf(':');
        if (colon < 0 || !holder.owner().substring(0, colon).equals(HOST)) {
            return null;
        }
        try {
            long pid = Long.parseLong(holder.owner().substring(colon + 1));
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? null
                    : "its owner, process " + pid + " of this host, is no longer running";
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Deletes the stale file only if it is still the one judged stale, to spare a fresh lock taken meanwhile. */
    private static void breakStale(FileSystem fs, Path file, FileStatus stale, Holder holder, String why) throws IOException {
        FileStatus again = statusOrNull(fs, file);
        if (again == null || again.getModificationTime() != stale.getModificationTime()) {
            return;
        }
        LOG.warn("Breaking the lock {} held by {}: {}", file, holder == null ? "an unknown owner" : holder.describe(), why);
        fs.delete(file, false);
    }

    private static void sleep(long millis) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a lock");
        }
    }

    /** From the kernel, not from DNS: looking the name up could send traffic off the machine. */
    private static String hostName() {
        try {
            return Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isEmpty() ? "unknown-host" : env;
        }
    }

    /** Who a lock file says holds it; owner is null if the file is empty (being written) or damaged. */
    private record Holder(String owner, long acquired) {
        /** Null if the file does not exist. */
        static Holder read(FileSystem fs, Path file) throws IOException {
            byte[] bytes;
            try (FSDataInputStream in = fs.open(file)) {
                bytes = in.readAllBytes();
            } catch (FileNotFoundException e) {
                return null;
            }
            try {
                ObjectNode json = ControlJson.parseObject(bytes);
                return new Holder(ControlJson.requiredText(json, "owner", "the lock file"),
                        ControlJson.requiredLong(json, "acquired", "the lock file"));
            } catch (ControlJson.Malformed e) {
                return new Holder(null, 0);
            }
        }

        boolean isOwner(String who, long when) {
            return who.equals(owner) && when == acquired;
        }

        String describe() {
            return owner == null ? "an unknown owner (the lock file is empty or damaged)"
                    : owner + " since " + Instant.ofEpochMilli(acquired);
        }
    }
}
