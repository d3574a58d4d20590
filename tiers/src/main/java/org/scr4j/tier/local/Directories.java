package org.scr4j.tier.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import org.scr4j.tier.Ownership;
import org.scr4j.tier.TierException;

/** Private directories on a local file system: created 0700, made durable by fsyncing them. */
public final class Directories {
    /**
     * For {@code Files.createDirectories} of directories inside a cache tier's datasets, such as
     * the application's sub-directories: 0700, whatever the umask (which can only take bits away).
     */
    public static final FileAttribute<Set<PosixFilePermission>> PRIVATE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private Directories() {
    }

    /**
     * Creates every missing directory on the way to {@code dir}, each 0700 whatever the umask;
     * directories that exist are left as they are.
     */
    public static void createPrivate(Path dir, String tier) throws TierException {
        Path absolute = dir.toAbsolutePath().normalize();
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = absolute; p != null && !Files.isDirectory(p); p = p.getParent()) {
            // Another rank of this node may create p between the two checks: only a p that exists
            // and is still not a directory is wrong.
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new TierException("tier '" + tier + "': " + p + " exists but is not a directory. Fix: remove it, or point scr.tier."
                        + tier + ".base at a directory");
            }
            if (!Files.isDirectory(p)) {
                missing.push(p);
            }
        }
        try {
            while (!missing.isEmpty()) {
                Path p = missing.pop();
                Files.createDirectory(p);
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            createPrivate(dir, tier); // another rank of this node made it first
        } catch (AccessDeniedException | java.nio.file.ReadOnlyFileSystemException e) {
            throw cannotCreate(absolute, tier, "permission denied", e);
        } catch (FileSystemException e) {
            throw cannotCreate(absolute, tier, e.getReason() == null ? e.toString() : e.getReason(), e);
        } catch (IOException e) {
            throw cannotCreate(absolute, tier, e.toString(), e);
        }
    }

    /**
     * A local tier's base: created as {@link #createPrivate} does; one that exists must belong to
     * this user and be writable by no one else (group or others' read access is taken away), and
     * the directories above it must be safe from other users ({@link Ownership}).
     */
    public static void openBase(Path dir, String tier) throws TierException {
        String what = "tier '" + tier + "': base";
        String fix = "point scr.tier." + tier + ".base at a directory of your own, such as /dev/shm/${user}/scr4j/${job}/${node}";
        try {
            Ownership.requireSafeParents(dir, what, fix);
            createPrivate(dir, tier);
            Ownership.requirePrivate(dir, what, fix);
        } catch (TierException e) {
            throw e;
        } catch (IOException e) {
            throw new TierException(what + " " + dir + ": cannot read its owner and mode (" + e + ")", e);
        }
    }

    private static TierException cannotCreate(Path dir, String tier, String reason, Exception cause) {
        return new TierException("tier '" + tier + "': cannot create directory " + dir + " (" + reason
                + "). Fix: create it writable by user " + System.getProperty("user.name") + ", or point scr.tier." + tier
                + ".base at a writable directory", cause);
    }

    /** Forces a directory's entries (new names, renames) to stable storage. */
    public static void fsync(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
