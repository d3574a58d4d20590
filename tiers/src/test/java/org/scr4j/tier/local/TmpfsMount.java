package org.scr4j.tier.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A small real tmpfs mounted on a directory for one test, so a full or read-only file system is
 * the kernel's, not a mock. Root can write through any permission bits, so only a mount can make
 * a directory truly unwritable for the user the tests run as. Unmounted in {@link #close()}.
 */
public final class TmpfsMount implements AutoCloseable {
    private final Path mountPoint;

    private TmpfsMount(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /**
     * Mounts a tmpfs with the given options (such as {@code size=1m,mode=0700} or {@code ro}) on a
     * new directory; empty when that is not possible here (not root, or no mount in this container).
     */
    public static Optional<TmpfsMount> tryMount(Path mountPoint, String options) throws IOException {
        Files.createDirectories(mountPoint);
        if (!isRoot() || run("mount", "-t", "tmpfs", "-o", options, "tmpfs", mountPoint.toString()) != 0) {
            return Optional.empty();
        }
        return Optional.of(new TmpfsMount(mountPoint));
    }

    public static boolean isRoot() throws IOException {
        return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }

    public Path path() {
        return mountPoint;
    }

    @Override
    public void close() throws IOException {
        // A file still open on the mount makes a plain umount fail with EBUSY: detach it lazily then.
        if (run("umount", mountPoint.toString()) != 0 && run("umount", "-l", mountPoint.toString()) != 0) {
            throw new IOException("could not unmount the test tmpfs at " + mountPoint + "; remove it with: umount -l " + mountPoint);
        }
    }

    private static int run(String... command) throws IOException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        try {
            // Read the output so it never reaches the test log, and so a chatty command cannot block.
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish: " + output);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", command) + " was interrupted", e);
        }
    }
}
