package org.scr4j.tier.pfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scr4j.tier.Durability;
import org.scr4j.tier.StorageTier;
import org.scr4j.tier.TestData;
import org.scr4j.tier.TestTiers;
import org.scr4j.tier.TierHealth;
import org.scr4j.tier.TierWriter;

/**
 * What the pfs tier promises on any Hadoop FileSystem; the subclasses run this same code on
 * file:// and on a real HDFS. Tiers are opened as scr4j opens them: through Guice, with the
 * Hadoop configuration handed to TierModule.
 */
abstract class PfsTierContract {
    static final int MIB = 1 << 20;

    protected StorageTier tier;
    /** A second, independent view of the same file system, to see what the tier leaves behind. */
    protected FileSystem fs;
    /** The directory this test's tier is under. */
    private String directory;

    /** The Hadoop configuration handed to TierModule. */
    protected abstract Configuration conf();

    /** A directory URI that no other test uses, without a trailing '/'. */
    protected abstract String freshDirectory();

    /** Whether an application can write this file system's files directly (file://, not hdfs://). */
    protected abstract boolean isLocal();

    @BeforeEach
    void openTier() throws IOException {
        directory = freshDirectory();
        tier = TestTiers.open(TestTiers.registry(conf()), "pfs", directory + "/scr4j/${user}/${job}", OptionalLong.empty(), Map.of());
        fs = FileSystem.newInstance(tier.location(), conf());
        if (fs instanceof ChecksumFileSystem checksummed) {
            fs = checksummed.getRawFileSystem(); // so that .crc side files would show up
        }
    }

    @AfterEach
    void closeTier() throws IOException {
        tier.close();
        fs.close();
    }

    protected Path root() {
        return new Path(tier.location());
    }

    @Test
    void a64MiBFileRoundTripsBitForBit() throws IOException {
        String written = TestData.writeRandom(tier, "ckpt.1", "rank-0.bin", 64L * MIB, 64);
        assertEquals(64L * MIB, tier.length("ckpt.1", "rank-0.bin"));
        assertEquals(written, TestData.readSha256(tier, "ckpt.1", "rank-0.bin"));
        assertEquals(List.of("ckpt.1/rank-0.bin"), everyFile(), "nothing but the file itself: no temporary, no side file");
    }

    @Test
    void smallAndNestedFilesRoundTripAndAreListedSorted() throws IOException {
        Map<String, byte[]> files = Map.of("empty.bin", new byte[0], "one.bin", TestData.bytes(1, 1), "odd.bin",
                TestData.bytes(4097, 2), "part/a/deep.bin", TestData.bytes(333, 3), "part/b.bin", TestData.bytes(65_537, 4));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            TestData.write(tier, "ckpt.1", file.getKey(), file.getValue());
        }
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            assertEquals(file.getValue().length, tier.length("ckpt.1", file.getKey()), file.getKey());
            assertEquals(TestData.sha256(file.getValue()), TestData.readSha256(tier, "ckpt.1", file.getKey()), file.getKey());
        }
        assertEquals(List.of("empty.bin", "odd.bin", "one.bin", "part/a/deep.bin", "part/b.bin"), tier.listFiles("ckpt.1"));
    }

    @Test
    void datasetsAreListedSortedAndDeletedWithTheirFiles() throws IOException {
        for (String dataset : List.of("ckpt.2", "out.1", "ckpt.10")) {
            tier.createDataset(dataset);
        }
        TestData.write(tier, "ckpt.2", "a/b.bin", TestData.bytes(10, 1));
        assertEquals(List.of("ckpt.10", "ckpt.2", "out.1"), tier.listDatasets());
        tier.deleteDataset("ckpt.2");
        tier.deleteDataset("ckpt.2"); // a missing dataset is not an error
        assertEquals(List.of("ckpt.10", "out.1"), tier.listDatasets());
        assertFalse(fs.exists(new Path(root(), "ckpt.2")));
    }

    @Test
    void aFileBeingWrittenIsNotListedUntilCommitted() throws IOException {
        TestData.write(tier, "ckpt.1", "a.bin", TestData.bytes(10, 1));
        try (TierWriter out = tier.create("ckpt.1", "b.bin")) {
            out.write(TestData.bytes(1000, 2));
            assertEquals(List.of("a.bin"), tier.listFiles("ckpt.1"));
            out.commit();
        }
        assertEquals(List.of("a.bin", "b.bin"), tier.listFiles("ckpt.1"));
    }

    @Test
    void committingOverAnExistingFileReplacesItWhole() throws IOException {
        TestData.write(tier, "ckpt.1", "state.bin", TestData.bytes(200_000, 1));
        byte[] replacement = TestData.bytes(777, 2);
        TestData.write(tier, "ckpt.1", "state.bin", replacement);
        assertEquals(777, tier.length("ckpt.1", "state.bin"));
        assertEquals(TestData.sha256(replacement), TestData.readSha256(tier, "ckpt.1", "state.bin"));
        assertEquals(List.of("ckpt.1/state.bin"), everyFile());
    }

    @Test
    void aCommitThatCannotReplaceTheTargetLeavesNoTemporaryFileAndKeepsWhatWasThere() throws IOException {
        TestData.write(tier, "ckpt.1", "part/0.bin", TestData.bytes(10, 1));
        assertThrows(IOException.class, () -> {
            try (TierWriter out = tier.create("ckpt.1", "part")) { // "part" is a directory that holds a file
                out.write(TestData.bytes(5000, 2));
                out.commit();
            }
        });
        assertEquals(List.of("ckpt.1/part/0.bin"), everyFile());
    }

    @Test
    void aWriterClosedWithoutCommitLeavesNothing() throws IOException {
        tier.createDataset("ckpt.1");
        try (TierWriter abandoned = tier.create("ckpt.1", "part/state.bin")) {
            abandoned.write(TestData.bytes(100_000, 1));
        }
        assertEquals(List.of(), tier.listFiles("ckpt.1"));
        assertEquals(List.of(), everyFile());
    }

    @Test
    void aLocalPathIsOfferedExactlyWhenTheFileSystemIsLocal() throws IOException {
        byte[] data = TestData.bytes(4321, 5);
        TestData.write(tier, "ckpt.1", "state.bin", data);
        Optional<java.nio.file.Path> local = tier.localPath("ckpt.1", "state.bin");
        assertEquals(isLocal(), local.isPresent(), tier.location().toString());
        if (local.isPresent()) {
            assertEquals(TestData.sha256(data), TestData.sha256(Files.readAllBytes(local.get())));
            java.nio.file.Path direct = tier.localPath("ckpt.1", "direct.bin").orElseThrow();
            Files.write(direct, data);
            tier.sync("ckpt.1", "direct.bin");
            assertEquals(TestData.sha256(data), TestData.readSha256(tier, "ckpt.1", "direct.bin"));
        } else {
            tier.sync("ckpt.1", "state.bin"); // committed files are durable already
        }
        IOException missing = assertThrows(IOException.class, () -> tier.sync("ckpt.1", "never-written.bin"));
        assertTrue(missing.getMessage().contains("ckpt.1/never-written.bin"), missing.getMessage());
    }

    @Test
    void aHealthyTierHasNoProblemsAndLeavesNoProbeBehind() throws IOException {
        TierHealth health = tier.checkHealth();
        assertEquals(List.of(), health.problems());
        assertEquals(List.of(), everyFile());
        assertEquals(Durability.GLOBAL, tier.durability());
    }

    @Test
    void aDeletedBaseIsReportedByItsPath() throws IOException {
        assertTrue(fs.delete(root(), true));
        TierHealth health = tier.checkHealth();
        assertEquals(List.of("tier 'testpfs' at " + fs.makeQualified(root()) + ": the directory does not exist. Fix: create it"),
                health.problems());
    }

    @Test
    void everyDirectoryTheTierCreatesIsPrivateIncludingMissingParentsOfTheBase() throws IOException {
        TestData.write(tier, "ckpt.1", "part/state.bin", TestData.bytes(10, 1));
        Path base = new Path(directory);
        for (String dir : List.of("scr4j", "scr4j/alice", "scr4j/alice/job42", "scr4j/alice/job42/ckpt.1",
                "scr4j/alice/job42/ckpt.1/part")) {
            Path path = new Path(base, dir);
            assertEquals(new FsPermission((short) 0700), fs.getFileStatus(path).getPermission(), path.toString());
        }
    }

    @Test
    void usageCountsTheBytesOfCommittedFiles() throws IOException {
        TestData.write(tier, "ckpt.1", "a.bin", TestData.bytes(1000, 1));
        TestData.write(tier, "ckpt.2", "b/c.bin", TestData.bytes(24, 2));
        assertEquals(1024, tier.usage().used());
        assertTrue(tier.usage().fsFree() > 0);
    }

    @Test
    void theBaseIsExpandedForTheUserAndJob() {
        URI location = tier.location();
        assertTrue(location.getPath().endsWith("/scr4j/alice/job42"), location.toString());
    }

    /** Every file under the tier's directory, as the file system itself lists it, relative to the tier. */
    protected List<String> everyFile() throws IOException {
        String prefix = fs.makeQualified(root()).toUri().getPath() + "/";
        List<String> files = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(root(), true);
        while (it.hasNext()) {
            files.add(it.next().getPath().toUri().getPath().substring(prefix.length()));
        }
        files.sort(null);
        return files;
    }
}
