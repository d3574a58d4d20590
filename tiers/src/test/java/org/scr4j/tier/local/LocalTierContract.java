package org.scr4j.tier.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.tier.RelativePaths;
import org.scr4j.tier.StorageTier;
import org.scr4j.tier.TestData;
import org.scr4j.tier.TestTiers;
import org.scr4j.tier.TierRegistry;
import org.scr4j.tier.TierWriter;

/**
 * What every local tier type promises, whatever writes its files: run once per type and write
 * mode by the subclasses. Each test opens a fresh tier whose base has missing parents.
 */
abstract class LocalTierContract {
    private static final TierRegistry REGISTRY = TestTiers.registry();

    @TempDir
    Path temp;

    /** The tier's base, relative to {@link #place()}: three directories that do not exist yet. */
    static final String BASE = "scr4j/${user}/${job}/${node}";

    protected StorageTier tier;

    protected abstract String type();

    protected Map<String, String> options() {
        return Map.of();
    }

    /** Where the tier's base goes; the ramdisk moves it to /dev/shm. */
    protected Path place() {
        return temp;
    }

    /** The directory the tier's base expands to for {@link TestTiers#CONTEXT}. */
    protected Path root() {
        return place().resolve("scr4j/alice/job42/node3");
    }

    @BeforeEach
    void openTier() throws IOException {
        tier = TestTiers.open(REGISTRY, type(), place().resolve(BASE).toString(), OptionalLong.empty(), options());
    }

    @AfterEach
    void closeTier() throws IOException {
        tier.close();
    }

    @Test
    void filesOfEverySizeRoundTripBitForBit() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        int[] sizes = {0, 1, 2, 7, 4095, 4096, 4097, (1 << 20) + 3};
        for (int i = 0; i < sizes.length; i++) {
            files.put("size-" + sizes[i] + ".bin", TestData.bytes(sizes[i], i));
        }
        files.put("part/0.bin", TestData.bytes(1001, 100));
        files.put("part/deep/er/1.bin", TestData.bytes(3, 101));
        tier.createDataset("ckpt.1");
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            TestData.write(tier, "ckpt.1", file.getKey(), file.getValue());
        }
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            assertEquals(file.getValue().length, tier.length("ckpt.1", file.getKey()), file.getKey());
            assertEquals(TestData.sha256(file.getValue()), TestData.readSha256(tier, "ckpt.1", file.getKey()), file.getKey());
        }
        assertEquals(files.keySet().stream().sorted().toList(), tier.listFiles("ckpt.1"));
    }

    @Test
    void aFileWrittenOneByteAtATimeRoundTrips() throws IOException {
        byte[] data = TestData.bytes(513, 7);
        try (TierWriter out = tier.create("ckpt.1", "bytes.bin")) {
            for (byte b : data) {
                out.write(b);
            }
            out.commit();
        }
        assertEquals(TestData.sha256(data), TestData.readSha256(tier, "ckpt.1", "bytes.bin"));
    }

    @Test
    void datasetsAndFilesAreListedSortedAndTemporaryFilesNever() throws IOException {
        for (String dataset : List.of("ckpt.2", "out.1", "ckpt.10")) {
            tier.createDataset(dataset);
        }
        tier.createDataset("ckpt.2"); // an existing dataset is kept
        TestData.write(tier, "ckpt.2", "b.bin", TestData.bytes(10, 1));
        TestData.write(tier, "ckpt.2", "a/z.bin", TestData.bytes(10, 2));
        try (TierWriter open = tier.create("ckpt.2", "c.bin")) {
            open.write(TestData.bytes(100, 3));
            assertEquals(List.of("a/z.bin", "b.bin"), tier.listFiles("ckpt.2"), "a file being written is not listed");
            assertEquals(1, temporaryFiles(root().resolve("ckpt.2")).size(), "it is under a temporary name meanwhile");
            open.commit();
        }
        assertEquals(List.of("ckpt.10", "ckpt.2", "out.1"), tier.listDatasets());
        assertEquals(List.of("a/z.bin", "b.bin", "c.bin"), tier.listFiles("ckpt.2"));
        assertEquals(List.of(), tier.listFiles("out.1"));
        assertEquals(List.of(), temporaryFiles(root()));
    }

    @Test
    void listingTheFilesOfAMissingDatasetSaysWhichTierLacksIt() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> tier.listFiles("ckpt.9"));
        assertTrue(e.getMessage().contains("tier '" + tier.name() + "' has no dataset 'ckpt.9'"), e.getMessage());
    }

    @Test
    void aWriterClosedWithoutCommitLeavesNoFileAndNoTemporaryFile() throws IOException {
        tier.createDataset("ckpt.1");
        try (TierWriter abandoned = tier.create("ckpt.1", "part/state.bin")) {
            abandoned.write(TestData.bytes(70_000, 1));
        }
        assertEquals(List.of(), tier.listFiles("ckpt.1"));
        assertEquals(List.of(), regularFiles(root()), "not even a temporary file is left");
        assertFalse(Files.exists(tier.localPath("ckpt.1", "part/state.bin").orElseThrow()));
    }

    @Test
    void aCommitThatCannotRenameLeavesNoTemporaryFileAndKeepsWhatWasThere() throws IOException {
        TestData.write(tier, "ckpt.1", "part/0.bin", TestData.bytes(10, 1));
        IOException e = assertThrows(IOException.class, () -> {
            try (TierWriter out = tier.create("ckpt.1", "part")) { // "part" is a directory that holds a file
                out.write(TestData.bytes(5000, 2));
                out.commit();
            }
        });
        assertTrue(e.getMessage().contains("part"), e.getMessage());
        assertEquals(List.of("part/0.bin"), tier.listFiles("ckpt.1"));
        assertEquals(List.of(), temporaryFiles(root()));
    }

    @Test
    void committingOverAnExistingFileReplacesItWhole() throws IOException {
        TestData.write(tier, "ckpt.1", "state.bin", TestData.bytes(100_000, 1));
        byte[] shorter = TestData.bytes(333, 2);
        TestData.write(tier, "ckpt.1", "state.bin", shorter);
        assertEquals(333, tier.length("ckpt.1", "state.bin"));
        assertEquals(TestData.sha256(shorter), TestData.readSha256(tier, "ckpt.1", "state.bin"));
        assertEquals(List.of("state.bin"), tier.listFiles("ckpt.1"));
    }

    @Test
    void aFileWrittenDirectlyAtItsLocalPathIsSyncedAndReadBack() throws IOException {
        tier.createDataset("ckpt.1");
        Path local = tier.localPath("ckpt.1", "direct/state.bin").orElseThrow();
        assertEquals(root().resolve("ckpt.1/direct/state.bin"), local);
        byte[] data = TestData.bytes(12_345, 9);
        Files.createDirectories(local.getParent());
        Files.write(local, data);
        tier.sync("ckpt.1", "direct/state.bin");
        assertEquals(List.of("direct/state.bin"), tier.listFiles("ckpt.1"));
        assertEquals(TestData.sha256(data), TestData.readSha256(tier, "ckpt.1", "direct/state.bin"));
        assertThrows(NoSuchFileException.class, () -> tier.sync("ckpt.1", "never-written.bin"));
    }

    @Test
    void deletingADatasetRemovesItAndEverythingInIt() throws IOException {
        TestData.write(tier, "ckpt.1", "a/b/c.bin", TestData.bytes(10, 1));
        TestData.write(tier, "ckpt.2", "d.bin", TestData.bytes(10, 2));
        tier.deleteDataset("ckpt.1");
        assertEquals(List.of("ckpt.2"), tier.listDatasets());
        assertFalse(Files.exists(root().resolve("ckpt.1")));
        tier.deleteDataset("ckpt.1"); // a missing dataset is not an error
        assertEquals(List.of("d.bin"), tier.listFiles("ckpt.2"));
    }

    @Test
    void everyDirectoryTheTierCreatesIsPrivateIncludingMissingParentsOfTheBase() throws IOException {
        TestData.write(tier, "ckpt.1", "part/deep/state.bin", TestData.bytes(10, 1));
        List<Path> created = List.of(place().resolve("scr4j"), place().resolve("scr4j/alice"), place().resolve("scr4j/alice/job42"),
                root(), root().resolve("ckpt.1"), root().resolve("ckpt.1/part"), root().resolve("ckpt.1/part/deep"));
        for (Path dir : created) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)), dir.toString());
        }
    }

    @Test
    void theBaseIsExpandedForTheUserJobAndNode() {
        assertEquals(root().toUri(), tier.location());
        assertTrue(Files.isDirectory(root()));
    }

    @Test
    void usageCountsTheBytesOfCommittedFiles() throws IOException {
        assertEquals(0, tier.usage().used());
        TestData.write(tier, "ckpt.1", "a.bin", TestData.bytes(1000, 1));
        TestData.write(tier, "ckpt.1", "b/c.bin", TestData.bytes(234, 2));
        assertEquals(1234, tier.usage().used());
        assertTrue(tier.usage().fsFree() > 0);
        assertTrue(tier.checkHealth().healthy(), tier.checkHealth().problems().toString());
    }

    @Test
    void namesThatWouldLeaveTheDatasetAreRefusedBeforeTouchingTheDisk() {
        assertThrows(IllegalArgumentException.class, () -> tier.create("ckpt.1", "../ckpt.2/state.bin"));
        assertThrows(IllegalArgumentException.class, () -> tier.open("ckpt.1", "/etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> tier.createDataset("../escaped"));
        assertThrows(IllegalArgumentException.class, () -> tier.deleteDataset(".."));
        assertFalse(Files.exists(place().resolve("scr4j/alice/job42/escaped")));
        assertTrue(Files.isDirectory(root()));
    }

    @Test
    void aSymbolicLinkPlantedInTheCacheIsRefusedAndNeverFollowed() throws IOException {
        byte[] secret = TestData.bytes(64, 7);
        Path outside = Files.write(temp.resolve("secret.bin"), secret);
        TestData.write(tier, "ckpt.1", "part/state.bin", TestData.bytes(64, 1));
        Path file = root().resolve("ckpt.1/part/state.bin");
        Files.delete(file);
        Files.createSymbolicLink(file, outside);
        String named = file + " is a symbolic link to " + outside;
        for (ThrowingRead read : List.<ThrowingRead>of(() -> tier.open("ckpt.1", "part/state.bin").close(),
                () -> tier.length("ckpt.1", "part/state.bin"), () -> tier.sync("ckpt.1", "part/state.bin"),
                () -> tier.listFiles("ckpt.1"))) {
            IOException e = assertThrows(IOException.class, read::run);
            assertTrue(e.getMessage().contains(named) && e.getMessage().contains("Fix: find out who planted it"), e.getMessage());
        }

        // A whole dataset directory, or a directory inside one, that is a link to a directory elsewhere.
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
        Files.write(elsewhere.resolve("state.bin"), secret);
        Files.createSymbolicLink(root().resolve("ckpt.2"), elsewhere);
        Files.createSymbolicLink(root().resolve("ckpt.1/linked"), elsewhere);
        for (ThrowingRead read : List.<ThrowingRead>of(() -> tier.open("ckpt.2", "state.bin").close(), () -> tier.listFiles("ckpt.2"),
                () -> tier.createDataset("ckpt.2"), () -> tier.create("ckpt.2", "new.bin").close(),
                () -> tier.create("ckpt.1", "linked/new.bin").close(), () -> tier.open("ckpt.1", "linked/state.bin").close())) {
            IOException e = assertThrows(IOException.class, read::run);
            assertTrue(e.getMessage().contains("is a symbolic link to " + elsewhere), e.getMessage());
        }

        // Deleting removes the links themselves; what they point to is left as it was.
        tier.deleteDataset("ckpt.2");
        tier.deleteDataset("ckpt.1");
        assertEquals(List.of(), tier.listDatasets());
        assertEquals(List.of(elsewhere.resolve("state.bin")), regularFiles(elsewhere));
        assertEquals(TestData.sha256(secret), TestData.sha256(Files.newInputStream(outside)));
        assertEquals(TestData.sha256(secret), TestData.sha256(Files.newInputStream(elsewhere.resolve("state.bin"))));
    }

    /** A tier call that should refuse. */
    @FunctionalInterface
    private interface ThrowingRead {
        void run() throws IOException;
    }

    static List<Path> regularFiles(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }

    static List<Path> temporaryFiles(Path dir) throws IOException {
        List<Path> temporary = new ArrayList<>();
        for (Path file : regularFiles(dir)) {
            if (file.getFileName().toString().contains(RelativePaths.TEMP_MARK)) {
                temporary.add(file);
            }
        }
        return temporary;
    }
}
