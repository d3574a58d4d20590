package org.scr4j.tier.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scr4j.tier.StorageTier;
import org.scr4j.tier.TestTiers;
import org.scr4j.tier.TierException;
import org.scr4j.tier.TierFullException;
import org.scr4j.tier.TierHealth;
import org.scr4j.tier.TierRegistry;
import org.scr4j.tier.TierWriter;

/**
 * Bases a site gets wrong: each is refused, or reported by the health check, with a message that
 * names the directory and the fix. Read-only and full file systems are real 1 MiB tmpfs mounts.
 */
class LocalTierBadBaseTest {
    private static final TierRegistry REGISTRY = TestTiers.registry();
    private static final String USER = System.getProperty("user.name");
    /** The uid of nobody, a user other than the one the tests run as. */
    private static final int NOBODY = 65534;

    @TempDir
    Path temp;

    private static StorageTier open(String type, String base) throws IOException {
        return TestTiers.open(REGISTRY, type, base, OptionalLong.empty(), Map.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ssd", "nvram", "ramdisk"})
    void aBaseThatCannotBeCreatedIsRefusedNamingTheDirectoryAndTheFix(String type) throws IOException {
        try (Unwritable parent = Unwritable.at(temp.resolve("readonly"))) {
            Path base = parent.path().resolve("scr4j/node3");
            TierException e = assertThrows(TierException.class, () -> open(type, base.toString()));
            assertEquals("tier 'test" + type + "': cannot create directory " + base + " (" + parent.reason() + "). Fix: create it"
                    + " writable by user " + USER + ", or point scr.tier.test" + type + ".base at a writable directory", e.getMessage());
        }
    }

    @Test
    void aBaseThatIsNotWritableIsReportedByTheHealthCheckAndRefusesNewDatasets() throws IOException {
        try (Unwritable base = Unwritable.at(temp.resolve("readonly")); StorageTier tier = open("ssd", base.path().toString())) {
            TierHealth health = tier.checkHealth();
            assertEquals(1, health.problems().size(), health.problems().toString());
            String problem = health.problems().get(0);
            assertTrue(problem.startsWith("tier 'testssd' at " + base.path() + ": not writable ("), problem);
            assertTrue(problem.contains(base.reason()) || !base.isMount(), problem);
            assertTrue(problem.endsWith("Fix: make it writable by user " + USER + ", or point scr.tier.testssd.base elsewhere"), problem);
            TierException e = assertThrows(TierException.class, () -> tier.createDataset("ckpt.1"));
            assertTrue(e.getMessage().startsWith("tier 'testssd': cannot create directory " + base.path().resolve("ckpt.1")), e.getMessage());
        }
    }

    @Test
    void aBaseOnAFullFileSystemIsReportedAndNothingMoreCanBeReserved() throws IOException {
        Optional<TmpfsMount> mounted = TmpfsMount.tryMount(temp.resolve("small"), "size=1m,mode=0700");
        assumeTrue(mounted.isPresent(), "filling a file system needs a 1 MiB tmpfs, which only root can mount");
        try (TmpfsMount small = mounted.get()) {
            Path base = small.path().resolve("scr4j");
            try (StorageTier tier = open("ssd", base.toString())) {
                tier.createDataset("ckpt.1");
                fill(small.path().resolve("ballast"));
                TierHealth health = tier.checkHealth();
                assertTrue(health.problems().contains("tier 'testssd' at " + base + ": its file system is full (0 bytes free). Fix: free"
                        + " space there, or use another tier"), health.problems().toString());
                TierFullException e = assertThrows(TierFullException.class, () -> tier.reserve(4096));
                assertEquals("tier 'testssd' is full: 4096 bytes requested, 0 bytes available (file system has 0 bytes free, 0 reserved)."
                        + " Fix: free space there, raise its capacity, or place the data on another tier", e.getMessage());
                assertWriteFailsCleanly(tier, base);
            }
        }
    }

    /** A write that runs out of space fails loudly and leaves neither the file nor its temporary behind. */
    private static void assertWriteFailsCleanly(StorageTier tier, Path base) throws IOException {
        IOException e = assertThrows(IOException.class, () -> {
            try (TierWriter out = tier.create("ckpt.1", "state.bin")) {
                out.write(new byte[64 * 1024]);
                out.commit();
            }
        });
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertEquals(List.of(), LocalTierContract.regularFiles(base));
    }

    private static void fill(Path ballast) throws IOException {
        try (OutputStream out = Files.newOutputStream(ballast)) {
            byte[] page = new byte[4096];
            while (true) {
                out.write(page);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left on device")) {
                throw full;
            }
        }
        assertEquals(0, Files.getFileStore(ballast).getUsableSpace(), "the test file system is full");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/tmp/..", "/${user}/.."})
    void theRootDirectoryIsRefusedAsABase(String root) {
        for (String type : List.of("ssd", "nvram", "ramdisk")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> open(type, root));
            assertEquals("tier 'test" + type + "': base '" + root + "' is the root directory; scr4j deletes datasets under its base."
                    + " Fix: use a directory of its own", e.getMessage());
        }
    }

    @Test
    void aRelativeBaseIsRefusedWithAnExampleOfAnAbsoluteOne() {
        for (String type : List.of("ssd", "nvram", "ramdisk")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> open(type, "scratch/${node}"));
            assertEquals("tier 'test" + type + "': base 'scratch/${node}' is relative. Fix: give an absolute path, such as"
                    + " /dev/shm/${user}/scr4j/${job}/${node}", e.getMessage());
        }
        assertTrue(Files.notExists(Path.of("scratch")));
    }

    @Test
    void aFileSystemUriIsRefusedForALocalTierPointingToPfs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> open("ssd", "hdfs://namenode:8020/scr4j"));
        assertEquals("tier 'testssd' of type ssd needs a local directory, not 'hdfs://namenode:8020/scr4j'. Fix: give a path, or use"
                + " type pfs for a file system URI", e.getMessage());
    }

    @Test
    void anUnknownVariableInTheBaseIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> open("ssd", temp + "/${rank}"));
        assertTrue(e.getMessage().startsWith("unknown variable ${rank} in tier base"), e.getMessage());
    }

    @Test
    void aBaseThatIsAFileIsRefusedNamingIt() throws IOException {
        Path file = Files.writeString(temp.resolve("not-a-dir"), "x");
        TierException e = assertThrows(TierException.class, () -> open("ssd", file.resolve("scr4j").toString()));
        assertEquals("tier 'testssd': " + file + " exists but is not a directory. Fix: remove it, or point scr.tier.testssd.base"
                + " at a directory", e.getMessage());
    }

    @Test
    void aBaseOrAJobDirectoryThatBelongsToAnotherUserIsRefusedNamingTheOwnerAndTheFix() throws IOException {
        assumeTrue(TmpfsMount.isRoot(), "only root can give a directory to another user");
        Path job = Files.createDirectories(temp.resolve("cache/job1"));
        Path base = Files.createDirectories(job.resolve("node3"));
        Files.setAttribute(base, "unix:uid", NOBODY);
        TierException e = assertThrows(TierException.class, () -> open("ssd", base.toString()));
        assertEquals("tier 'testssd': base " + base + " belongs to user nobody (uid 65534), not to root (uid 0), who runs this"
                + " job: its owner could plant files or links there. Fix: remove it (as its owner or root), or point"
                + " scr.tier.testssd.base at a directory of your own, such as /dev/shm/${user}/scr4j/${job}/${node}", e.getMessage());

        // The job's directory above a base not made yet: the base is not created in it.
        Files.delete(base);
        Files.setAttribute(job, "unix:uid", NOBODY);
        for (String type : List.of("ssd", "nvram", "ramdisk")) {
            e = assertThrows(TierException.class, () -> open(type, base.toString()));
            assertTrue(e.getMessage().startsWith("tier 'test" + type + "': base " + base + " lies in " + job + ", which belongs to"
                    + " user nobody (uid 65534): that user could replace scr4j's directories there"), e.getMessage());
        }
        assertEquals(List.of(), List.of(job.toFile().list()), "nothing scr4j would trust was left in another user's directory");
    }

    @Test
    void aBaseOthersMayWriteToIsRefusedAndOneTheyMayOnlyReadIsMadePrivate() throws IOException {
        Path base = Files.createDirectories(temp.resolve("cache/node3"));
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxrwxrwx"));
        TierException e = assertThrows(TierException.class, () -> open("ssd", base.toString()));
        assertEquals("tier 'testssd': base " + base + " has mode rwxrwxrwx: other users may write to it, so they could have"
                + " planted files or links in it. Fix: check what it holds and run chmod 700 " + base + ", or remove it, or point"
                + " scr.tier.testssd.base at a directory of your own, such as /dev/shm/${user}/scr4j/${job}/${node}", e.getMessage());
        assertEquals("rwxrwxrwx", PosixFilePermissions.toString(Files.getPosixFilePermissions(base)), "left for its owner to check");

        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-x--x"));
        open("ssd", base.toString()).close();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(base)));
    }

    @Test
    void aBaseInADirectoryOthersMayWriteToIsRefusedUnlessItHasTheStickyBit() throws IOException {
        Path shared = Files.createDirectories(temp.resolve("shared"));
        Path base = shared.resolve("alice/node3");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        TierException e = assertThrows(TierException.class, () -> open("ssd", base.toString()));
        assertTrue(e.getMessage().startsWith("tier 'testssd': base " + base + " lies in " + shared + ", which has mode rwxrwxrwx:"
                + " other users may write to it and could replace scr4j's directories there with their own. Fix: chmod +t "
                + shared + " (the sticky bit, as /tmp has) or chmod go-w " + shared), e.getMessage());
        Files.setAttribute(shared, "unix:mode", 01777);
        open("ssd", base.toString()).close();
        assertTrue(Files.isDirectory(base));
    }

    /**
     * A directory this user cannot write to: a read-only tmpfs for root (whom permission bits do
     * not stop), mode 0500 for anyone else.
     */
    private static final class Unwritable implements AutoCloseable {
        private final Path path;
        private final Optional<TmpfsMount> mount;

        private Unwritable(Path path, Optional<TmpfsMount> mount) {
            this.path = path;
            this.mount = mount;
        }

        static Unwritable at(Path dir) throws IOException {
            if (TmpfsMount.isRoot()) {
                Optional<TmpfsMount> mount = TmpfsMount.tryMount(dir, "ro,size=1m,mode=0700");
                assumeTrue(mount.isPresent(), "root ignores permission bits, so this needs a read-only tmpfs, and mount failed here");
                return new Unwritable(dir, mount);
            }
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
            return new Unwritable(dir, Optional.empty());
        }

        Path path() {
            return path;
        }

        boolean isMount() {
            return mount.isPresent();
        }

        /** How the file system refuses to create a directory here. */
        String reason() {
            return mount.isPresent() ? "Read-only file system" : "permission denied";
        }

        @Override
        public void close() throws IOException {
            if (mount.isPresent()) {
                mount.get().close();
            } else {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
            }
        }
    }
}
