package org.scr4j.group.net;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.scr4j.tier.Ownership;

/**
 * The secret that proves a process belongs to a job: the launcher makes it once per job in a file
 * only the job's user can read, and every connection of the job group starts with both sides
 * proving they hold it (HMAC-SHA256 over fresh nonces from both), so no other process can join or
 * feed data to the job.
 */
public final class JobSecret {
    /** Bytes {@link #create} writes: 256 bits, the size of an HMAC-SHA256 key. */
    public static final int BYTES = 32;
    private static final int MIN_BYTES = 16;
    private static final int MAX_BYTES = 4096;
    private static final String HMAC = "HmacSHA256";
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final SecretKeySpec key;
    private final Path file;

    private JobSecret(byte[] key, Path file) {
        this.key = new SecretKeySpec(key, HMAC);
        this.file = file;
    }

    /**
     * Writes {@value #BYTES} random bytes to {@code file}, which must not exist yet. The bytes go
     * to a temporary file created with mode 0600 and then renamed, so the secret is never readable
     * by others and never seen half written.
     */
    public static Path create(Path file) throws IOException {
        requireNonNull(file, "file is null");
        Path dir = file.toAbsolutePath().getParent();
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString(), null,
                    "a job secret is there already and a running job may use it. Fix: delete it, or choose another path");
        }
        byte[] secret = new byte[BYTES];
        new SecureRandom().nextBytes(secret);
        Path temp = Files.createTempFile(dir, ".secret-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(secret);
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return file;
    }

    /**
     * Reads a secret that {@link #create} wrote. Refuses a file that group or others may read or
     * write (mode other than 0600 or 0400): a secret anyone can read proves nothing.
     */
    public static JobSecret read(Path file) throws IOException {
        requireNonNull(file, "file is null");
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null,
                    "the job secret file does not exist. Fix: start the job with the scr4j launcher, which makes it,"
                            + " or make one with JobSecret.create");
        }
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            throw new IOException("the job secret " + file + " is on a file system without POSIX permissions, so scr4j"
                    + " cannot tell who may read it. Fix: keep it on a POSIX file system (the launcher's control directory)", e);
        }
        if (!OWNER_ONLY.containsAll(mode) || !mode.contains(PosixFilePermission.OWNER_READ)) {
            throw new IOException("the job secret " + file + " has mode " + PosixFilePermissions.toString(mode)
                    + "; it must be readable by its owner only (0600 or 0400), or any user could join the job."
                    + " Fix: chmod 600 " + file);
        }
        Optional<String> owner = Ownership.otherOwner(file);
        if (owner.isPresent()) {
            // Only root can read another user's 0600 file; a secret someone else made proves nothing about this job.
            throw new IOException("the job secret " + file + " belongs to user " + owner.get() + ", not to "
                    + Ownership.currentUser() + ", who runs this rank; a job's secret is made by the user who starts the job."
                    + " Fix: run every rank as that user, or start the job again with the scr4j launcher");
        }
        byte[] secret = Files.readAllBytes(file);
        if (secret.length < MIN_BYTES || secret.length > MAX_BYTES) {
            throw new IOException("the job secret " + file + " holds " + secret.length + " bytes; a secret has "
                    + MIN_BYTES + " to " + MAX_BYTES + " (JobSecret.create writes " + BYTES + "). Fix: make it again with"
                    + " JobSecret.create");
        }
        return new JobSecret(secret, file);
    }

    /** HMAC-SHA256 of the parts, in order. */
    byte[] mac(byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot compute " + HMAC + ", which every JDK provides: " + e, e);
        }
    }

    /** Compares in constant time, so timing does not tell a forger how much of a guess was right. */
    static boolean same(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    /** Names the file only: the secret itself never reaches a log. */
    @Override
    public String toString() {
        return "the job secret from " + file;
    }
}
