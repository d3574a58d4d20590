package org.scr4j.tier;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may change the local directories scr4j keeps its files in. A user who can write to such a
 * directory, or to a directory above it, could plant files or symbolic links in it or swap it for
 * one of their own, and so feed a job data that is not its own or make it write elsewhere. Such
 * directories are refused with the owner, the mode and the fix named; root is trusted, as it can
 * do all of that anyway. Checks need a file system with Unix owners and modes; elsewhere they
 * pass.
 */
public final class Ownership {
    private static final Logger LOG = LoggerFactory.getLogger(Ownership.class);
    private static final boolean UNIX = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
    private static final int ROOT = 0;
    private static final int GROUP_OR_OTHERS = 0077;
    private static final int WRITABLE_BY_OTHERS = 0022;
    private static final int STICKY = 01000;

    private Ownership() {
    }

    /** The user this process runs as, with its uid: "alice (uid 1000)". */
    public static String currentUser() {
        return UNIX ? new UnixSystem().getUsername() + " (uid " + new UnixSystem().getUid() + ")" : System.getProperty("user.name");
    }

    /**
     * Checks an existing directory of scr4j's own (a tier's base, the control directory): it must
     * belong to this process's user and be writable by no one else. One that group or others may
     * only read or search is made 0700, as scr4j would have created it.
     *
     * @param what names the directory in messages, such as "tier 'ram': base"
     * @param fix how to point scr4j elsewhere, such as "point scr.tier.ram.base at a directory of your own"
     */
    public static void requirePrivate(Path dir, String what, String fix) throws IOException {
        if (!UNIX) {
            return;
        }
        requireOwner(dir, what, fix);
        Path real = dir.toRealPath();
        int mode = mode(real);
        if ((mode & WRITABLE_BY_OTHERS) != 0) {
            throw new TierException(what + " " + dir + " has mode " + text(mode) + ": other users may write to it, so they could"
                    + " have planted files or links in it. Fix: check what it holds and run chmod 700 " + dir + ", or remove it, or "
                    + fix);
        }
        if ((mode & GROUP_OR_OTHERS) != 0) {
            Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwx------"));
            LOG.info("{} {} had mode {}; made it rwx------ so that only {} can read what scr4j keeps there", what, dir, text(mode),
                    currentUser());
        }
    }

    /** Checks that an existing directory belongs to this process's user. */
    public static void requireOwner(Path dir, String what, String fix) throws IOException {
        Optional<String> other = otherOwner(dir);
        if (other.isPresent()) {
            throw new TierException(what + " " + dir + " belongs to user " + other.get() + ", not to " + currentUser()
                    + ", who runs this job: its owner could plant files or links there. Fix: remove it (as its owner or root), or "
                    + fix);
        }
    }

    /** The owner of an existing file or directory (after links), "nobody (uid 65534)", when it is not this process's user. */
    public static Optional<String> otherOwner(Path path) throws IOException {
        if (!UNIX) {
            return Optional.empty();
        }
        Path real = path.toRealPath();
        int owner = uid(real);
        return owner == me() ? Optional.empty() : Optional.of(ownerName(real, owner));
    }

    /**
     * Checks the directories above {@code dir}, which need not exist yet, to the root: each must
     * belong to this user or to root, and one that others may write to must have the sticky bit
     * (as /tmp and /dev/shm have), or its other users could rename scr4j's directory away and put
     * their own in its place. Call it before creating {@code dir}, so nothing is made in an unsafe place.
     */
    public static void requireSafeParents(Path dir, String what, String fix) throws IOException {
        if (!UNIX) {
            return;
        }
        Path existing = dir.toAbsolutePath().normalize().getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        for (Path p = existing == null ? null : existing.toRealPath(); p != null; p = p.getParent()) {
            int owner = uid(p);
            if (owner != me() && owner != ROOT) {
                throw new TierException(what + " " + dir + " lies in " + p + ", which belongs to user " + ownerName(p, owner)
                        + ": that user could replace scr4j's directories there with their own. Fix: " + fix);
            }
            int mode = mode(p);
            if ((mode & WRITABLE_BY_OTHERS) != 0 && (mode & STICKY) == 0) {
                throw new TierException(what + " " + dir + " lies in " + p + ", which has mode " + text(mode) + ": other users may"
                        + " write to it and could replace scr4j's directories there with their own. Fix: chmod +t " + p
                        + " (the sticky bit, as /tmp has) or chmod go-w " + p + ", or " + fix);
            }
        }
    }

    private static int me() {
        return (int) new UnixSystem().getUid();
    }

    private static int uid(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }

    private static String ownerName(Path p, int uid) throws IOException {
        String name = Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName();
        return name.equals(Integer.toString(uid)) ? "uid " + uid : name + " (uid " + uid + ")";
    }

    /** As ls shows it: rwxr-xr-x, with t (or T) in place of the last x for the sticky bit. */
    private static String text(int mode) {
        StringBuilder s = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int bit = 8; bit >= 0; bit--) {
            s.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
        }
        if ((mode & STICKY) != 0) {
            s.setCharAt(8, (mode & 1) != 0 ? 't' : 'T');
        }
        return s.toString();
    }
}
