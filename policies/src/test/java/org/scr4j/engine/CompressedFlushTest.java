package org.scr4j.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.compress.Compression;
import org.scr4j.control.ControlDirectory;
import org.scr4j.dataset.DatasetInfo;
import org.scr4j.dataset.FileEntry;
import org.scr4j.dataset.Manifest;
import org.scr4j.erasure.Crc32c;
import org.scr4j.tier.StorageTier;
import org.scr4j.tier.TestTiers;
import org.scr4j.tier.TierRegistry;

/** A rank's files flushed compressed to the prefix come back bit for bit, or the fetch says which file is bad. */
class CompressedFlushTest {
    private static final Compression ZSTD_SHUFFLED = Compression.zstd(3).withShuffle(8);

    @TempDir
    Path dir;

    private StorageTier cacheTier;
    private Path prefixDir;
    private Cache cache;
    private Prefix prefix;
    private final Map<String, byte[]> files = new LinkedHashMap<>();

    @BeforeEach
    void setUp() throws IOException {
        TierRegistry registry = TestTiers.registry();
        cacheTier = TestTiers.open(registry, "ssd", dir.resolve("cache").toString(), OptionalLong.empty(), Map.of());
        prefixDir = dir.resolve("prefix");
        StorageTier pfs = TestTiers.open(registry, "pfs", prefixDir.toString(), OptionalLong.empty(), Map.of());
        ControlDirectory control = ControlDirectory.open(prefixDir.toUri(), new Configuration(false));
        cache = new Cache(Map.of(cacheTier.name(), cacheTier), 0, 64 * 1024);
        prefix = new Prefix(pfs, control, cache, 64 * 1024);

        files.put("field.bin", smoothField(3 << 17, 5)); // 3 MiB of doubles and 5 bytes more
        byte[] random = new byte[(1 << 20) + 3];
        new SplittableRandom(9).nextBytes(random);
        files.put("random.bin", random);
        files.put("empty.bin", new byte[0]);
        files.put("sub/dir/one.bin", new byte[] {7});
    }

    private static byte[] smoothField(int values, int extra) {
        ByteBuffer b = ByteBuffer.allocate(values * 8 + extra).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values; i++) {
            double x = (i % 1024) / 1024.0;
            double y = (i / 1024) / 1024.0;
            b.putDouble(Math.sin(6.1 * x) * Math.cos(4.3 * y) + 0.5 * Math.sin(17.0 * x * y) + 300.0 * x);
        }
        return b.array();
    }

    /** Writes the files into the cache as the application would, seals and commits them. */
    private Manifest cached(long id) throws IOException {
        DatasetInfo info = new DatasetInfo(id, "ckpt." + id, id, true, false, cacheTier.name(), "SINGLE", 1);
        cache.create(info);
        List<FileEntry> entries = new ArrayList<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Files.write(cache.path(info, f.getKey(), true), f.getValue());
            entries.add(cache.seal(info, f.getKey()));
        }
        Manifest m = new Manifest(info, 0, entries, Instant.parse("2026-11-21T10:00:00Z"), Instant.parse("2026-11-21T10:00:05Z"));
        cache.commit(m);
        return m;
    }

    private JsonNode prefixManifestJson(long id) throws IOException {
        return new ObjectMapper().readTree(prefixDir.resolve(".scr4j/datasets/" + id + "/rank.0.json").toFile());
    }

    /** Deletes the cached copy and fetches it back from the prefix; returns the fetched cache manifest. */
    private Manifest refetch(Manifest cached) throws IOException {
        cache.delete(cached.dataset());
        Manifest flushed = prefix.manifest(cached.dataset().id(), 0).orElseThrow();
        return prefix.fetch(flushed, cached.dataset());
    }

    private void assertCachedFilesAreTheOriginals(DatasetInfo info) throws IOException {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            byte[] back = Files.readAllBytes(cache.path(info, f.getKey(), false));
            assertEquals(Crc32c.hex(Crc32c.of(f.getValue())), Crc32c.hex(Crc32c.of(back)), f.getKey());
            assertArrayEquals(f.getValue(), back, f.getKey());
        }
    }

    @Test
    void compressedAndRawFlushesOfTheSameDatasetRestoreIdenticalBytes() throws IOException {
        Manifest compressed = cached(1);
        Manifest raw = cached(2);
        List<Long> copied = new ArrayList<>();
        prefix.flush(compressed, ZSTD_SHUFFLED, Throttle.NONE, copied::add);
        prefix.flush(raw);
        assertEquals(files.values().stream().map(b -> (long) b.length).toList(), copied, "copied counts original bytes");

        // the prefix manifest: size and CRC32C of the original bytes, and how each file is stored
        Manifest onPrefix = prefix.manifest(1, 0).orElseThrow();
        for (FileEntry f : onPrefix.files()) {
            FileEntry original = compressed.file(f.path()).orElseThrow();
            assertEquals(original.size(), f.size(), f.path());
            assertEquals(original.crc32c(), f.crc32c(), f.path());
            assertEquals(ZSTD_SHUFFLED, f.stored(), f.path());
            assertEquals(Files.size(prefixDir.resolve("ckpt.1").resolve(f.path())), f.storedSize(), f.path());
        }
        FileEntry field = onPrefix.file("field.bin").orElseThrow();
        assertTrue(field.storedSize() < field.size() / 1.3, "field.bin: " + field.storedSize() + " of " + field.size());
        FileEntry random = onPrefix.file("random.bin").orElseThrow();
        assertTrue(random.storedSize() <= random.size() + 8 + 9 + 13 * 2, "random.bin, stored raw: " + random.storedSize());
        JsonNode json = prefixManifestJson(1);
        assertEquals(2, json.get("format").asInt());
        assertEquals("zstd:3+shuffle8", json.get("files").get(0).get("stored").asText());

        // a raw flush stores the bytes as they are, in a manifest older versions read
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            assertArrayEquals(f.getValue(), Files.readAllBytes(prefixDir.resolve("ckpt.2").resolve(f.getKey())), f.getKey());
        }
        assertEquals(1, prefixManifestJson(2).get("format").asInt());
        assertFalse(prefixManifestJson(2).get("files").get(0).has("stored"));

        Manifest fetchedCompressed = refetch(compressed);
        Manifest fetchedRaw = refetch(raw);
        assertEquals(compressed.files(), fetchedCompressed.files(), "the cache manifest holds plain entries again");
        assertEquals(raw.files(), fetchedRaw.files());
        assertCachedFilesAreTheOriginals(compressed.dataset());
        assertCachedFilesAreTheOriginals(raw.dataset());
        assertTrue(cache.scan().contains(fetchedCompressed), "the fetched dataset is committed to the cache");
    }

    @Test
    void aDamagedCompressedFileOnThePrefixFailsTheFetchNamingTheFile() throws IOException {
        Manifest m = cached(3);
        prefix.flush(m, ZSTD_SHUFFLED, Throttle.NONE, bytes -> { });
        Path onPrefix = prefixDir.resolve("ckpt.3/field.bin");
        byte[] good = Files.readAllBytes(onPrefix);

        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 0x10;
        Files.write(onPrefix, flipped);
        IOException e = assertThrows(IOException.class, () -> refetch(m));
        assertTrue(e.getMessage().contains("file 'field.bin' on the prefix"), e.getMessage());
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        assertTrue(cache.scan().isEmpty(), "nothing that failed its check is committed to the cache");

        Files.write(onPrefix, java.util.Arrays.copyOf(good, good.length - 20));
        e = assertThrows(IOException.class, () -> refetch(m));
        assertTrue(e.getMessage().contains("file 'field.bin' on the prefix") && e.getMessage().contains("cut short"), e.getMessage());

        Files.write(onPrefix, good);
        refetch(m);
        assertCachedFilesAreTheOriginals(m.dataset());
    }

    @Test
    void aDamagedCacheCopyIsNotFlushedCompressedEither() throws IOException {
        Manifest m = cached(4);
        Path field = cache.path(m.dataset(), "field.bin", false);
        byte[] bytes = Files.readAllBytes(field);
        bytes[12345] ^= 1;
        Files.write(field, bytes);
        IOException e = assertThrows(IOException.class, () -> prefix.flush(m, ZSTD_SHUFFLED, Throttle.NONE, b -> { }));
        assertTrue(e.getMessage().contains("cached file 'field.bin'") && e.getMessage().contains("CRC32C mismatch"), e.getMessage());
        assertTrue(prefix.manifest(4, 0).isEmpty(), "no prefix manifest for a flush that failed");
    }
}
