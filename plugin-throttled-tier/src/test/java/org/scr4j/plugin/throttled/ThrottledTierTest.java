package org.scr4j.plugin.throttled;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.tier.RelativePaths;
import org.scr4j.tier.TierFullException;
import org.scr4j.tier.StorageTier;
import org.scr4j.tier.TierContext;
import org.scr4j.tier.TierSpec;
import org.scr4j.tier.local.SsdTierFactory;
import org.scr4j.tier.TierWriter;

class ThrottledTierTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();

    private ThrottledTier tier(long bandwidth, OptionalLong capacity) throws IOException {
        TierSpec spec = new TierSpec("bb", "throttled", dir.resolve("bb").toString(), capacity,
                Map.of("bandwidth", Long.toString(bandwidth)));
        StorageTier inner = new SsdTierFactory().create(spec, new TierContext("alice", "job7", "node0"));
        return new ThrottledTier(inner, clock.pacer(bandwidth), bandwidth);
    }

    private static void write(ThrottledTier tier, String dataset, String file, byte[] data) throws IOException {
        try (TierWriter out = tier.create(dataset, file)) {
            out.write(data);
            out.commit();
        }
    }

    private static byte[] read(ThrottledTier tier, String dataset, String file) throws IOException {
        try (InputStream in = tier.open(dataset, file)) {
            return in.readAllBytes();
        }
    }

    private static long crc(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return crc.getValue();
    }

    @Test
    void filesComeBackBitForBit() throws Exception {
        Random random = new Random(7);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("empty.bin", new byte[0]);
        files.put("one.bin", new byte[] {42});
        files.put("state.bin", new byte[3 * (int) MIB + 17]);
        files.put("part/0.bin", new byte[65_537]);
        files.put("part/deep/1.bin", new byte[1000]);
        files.values().forEach(random::nextBytes);

        try (ThrottledTier tier = tier(1L << 30, OptionalLong.empty())) {
            tier.createDataset("ckpt.1");
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                write(tier, "ckpt.1", file.getKey(), file.getValue());
            }

            assertEquals(List.of("ckpt.1"), tier.listDatasets());
            assertEquals(files.keySet().stream().sorted().toList(), tier.listFiles("ckpt.1"));
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                byte[] back = read(tier, "ckpt.1", file.getKey());
                assertEquals(crc(file.getValue()), crc(back), file.getKey());
                assertArrayEquals(file.getValue(), back, file.getKey());
                assertEquals(file.getValue().length, tier.length("ckpt.1", file.getKey()));
            }
        }
    }

    @Test
    void everyByteWrittenAndReadIsPaced() throws Exception {
        byte[] data = new byte[(int) MIB];
        new Random(1).nextBytes(data);
        try (ThrottledTier tier = tier(MIB, OptionalLong.empty())) {
            try (TierWriter out = tier.create("ckpt.1", "state.bin")) {
                for (int off = 0; off < data.length; off += 4096) {
                    out.write(data, off, 4096);
                }
                out.write(7); // a single byte goes through the pacer too
                out.commit();
            }
            // 1 MiB + 1 byte at 1 MiB/s: one second and 953.7 ns, rounded up once, not once per write.
            assertEquals(SECOND + 954, clock.slept());

            long beforeRead = clock.slept();
            try (InputStream in = tier.open("ckpt.1", "state.bin")) {
                byte[] buffer = new byte[10_000];
                while (in.read(buffer) >= 0) {
                    // drain it
                }
            }
            assertEquals(SECOND + 954, clock.slept() - beforeRead);
        }
    }

    @Test
    void nothingIsVisibleUntilCommitAndTemporaryFilesAreNeverListed() throws Exception {
        try (ThrottledTier tier = tier(1L << 30, OptionalLong.empty())) {
            tier.createDataset("ckpt.1");
            try (TierWriter out = tier.create("ckpt.1", "state.bin")) {
                out.write(new byte[100]);
                assertEquals(List.of(), tier.listFiles("ckpt.1"));
                try (Stream<Path> onDisk = Files.list(dir.resolve("bb/ckpt.1"))) {
                    assertTrue(onDisk.allMatch(p -> p.getFileName().toString().contains(RelativePaths.TEMP_MARK)));
                }
                assertThrows(NoSuchFileException.class, () -> tier.open("ckpt.1", "state.bin"));
                out.commit();
            }
            assertEquals(List.of("state.bin"), tier.listFiles("ckpt.1"));
        }
    }

    @Test
    void aWriterClosedWithoutCommitLeavesNothingBehind() throws Exception {
        try (ThrottledTier tier = tier(1L << 30, OptionalLong.empty())) {
            write(tier, "ckpt.1", "old.bin", new byte[] {1});
            try (TierWriter out = tier.create("ckpt.1", "state.bin")) {
                out.write(new byte[100]);
            }
            try (Stream<Path> onDisk = Files.list(dir.resolve("bb/ckpt.1"))) {
                assertEquals(List.of("old.bin"), onDisk.map(p -> p.getFileName().toString()).toList());
            }
        }
    }

    @Test
    void aCommitReplacesAnExistingFileWhole() throws Exception {
        try (ThrottledTier tier = tier(1L << 30, OptionalLong.empty())) {
            write(tier, "ckpt.1", "state.bin", new byte[] {1, 2, 3, 4});
            write(tier, "ckpt.1", "state.bin", new byte[] {9});
            assertArrayEquals(new byte[] {9}, read(tier, "ckpt.1", "state.bin"));
        }
    }

    @Test
    void directoriesArePrivate() throws Exception {
        try (ThrottledTier tier = tier(1L << 30, OptionalLong.empty())) {
            write(tier, "ckpt.1", "part/0.bin", new byte[] {1});
            for (Path p : List.of(dir.resolve("bb"), dir.resolve("bb/ckpt.1"), dir.resolve("bb/ckpt.1/part"))) {
                assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
            }
        }
    }

    @Test
    void namesThatWouldLeaveTheDatasetAreRefused() throws Exception {
        try (ThrottledTier tier = tier(1L << 30, OptionalLong.empty())) {
            assertThrows(IllegalArgumentException.class, () -> tier.create("ckpt.1", "../escape.bin"));
            assertThrows(IllegalArgumentException.class, () -> tier.create("ckpt.1", "/etc/passwd"));
            assertThrows(IllegalArgumentException.class, () -> tier.create("../other", "state.bin"));
            assertThrows(IllegalArgumentException.class, () -> tier.create("ckpt.1", "x" + RelativePaths.TEMP_MARK));
        }
    }

    @Test
    void everyByteGoesThroughTheThrottleSoThereIsNoLocalPath() throws Exception {
        try (ThrottledTier tier = tier(1L << 30, OptionalLong.empty())) {
            write(tier, "ckpt.1", "state.bin", new byte[] {1});
            assertFalse(tier.localPath("ckpt.1", "state.bin").isPresent());
            tier.sync("ckpt.1", "state.bin");
            assertThrows(NoSuchFileException.class, () -> tier.sync("ckpt.1", "missing.bin"));
        }
    }

    @Test
    void deletingADatasetRemovesItAndAMissingOneIsNoError() throws Exception {
        try (ThrottledTier tier = tier(1L << 30, OptionalLong.empty())) {
            write(tier, "ckpt.1", "part/0.bin", new byte[] {1});
            write(tier, "ckpt.2", "state.bin", new byte[] {2});
            tier.deleteDataset("ckpt.1");
            tier.deleteDataset("ckpt.9");
            assertEquals(List.of("ckpt.2"), tier.listDatasets());
            assertThrows(NoSuchFileException.class, () -> tier.listFiles("ckpt.1"));
        }
    }

    @Test
    void capacityIsEnforcedAndUsageCountsCommittedBytes() throws Exception {
        try (ThrottledTier tier = tier(1L << 30, OptionalLong.of(1000))) {
            write(tier, "ckpt.1", "state.bin", new byte[600]);
            assertEquals(600, tier.usage().used());
            assertThrows(TierFullException.class, () -> tier.reserve(500));
            tier.reserve(400).close();
            assertTrue(tier.checkHealth().healthy(), tier.checkHealth().problems().toString());
        }
    }

    @Test
    void healthNamesAMissingDirectory() throws Exception {
        try (ThrottledTier tier = tier(1L << 30, OptionalLong.empty())) {
            Files.delete(dir.resolve("bb"));
            assertFalse(tier.checkHealth().healthy());
            assertTrue(tier.checkHealth().problems().get(0).contains("does not exist"));
        }
    }
}
