package org.scr4j.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scr4j.compress.Compression;

/** A prefix manifest says how each file is stored; one written before compression existed still reads as raw. */
class StoredEntriesTest {
    private static final DatasetInfo INFO = new DatasetInfo(7, "ckpt.7", 7, true, false, "ram", "XOR", 2);

    private static Manifest manifest(FileEntry... files) {
        return new Manifest(INFO, 1, List.of(files), Instant.parse("2026-11-21T10:00:00Z"), Instant.parse("2026-11-21T10:00:05Z"));
    }

    @Test
    void aCompressedEntryKeepsItsStorageThroughJson() throws IOException {
        Manifest m = manifest(new FileEntry("a.bin", 1000, 0xdeadbeefL).storedAs(Compression.parse("zstd:3", 8), 612),
                new FileEntry("b.bin", 5, 0x1234L));
        Manifest back = ManifestCodec.decode(ManifestCodec.encode(m), "test");
        assertEquals(m, back);
        assertEquals("zstd:3+shuffle8", back.files().get(0).stored().toString());
        assertEquals(612, back.files().get(0).storedSize());
        assertEquals(Compression.NONE, back.files().get(1).stored());
        assertEquals(new FileEntry("a.bin", 1000, 0xdeadbeefL), back.files().get(0).plain());
    }

    @Test
    void aManifestWithoutStorageIsFormatOneAndReadsAsRaw() throws IOException {
        String old = """
                {"format": 1,
                 "dataset": {"id": 7, "name": "ckpt.7", "checkpointId": 7, "checkpoint": true, "output": false,
                             "tier": "ram", "scheme": "XOR", "ranks": 2},
                 "rank": 1, "started": "2026-11-21T10:00:00Z", "completed": "2026-11-21T10:00:05Z",
                 "files": [{"path": "a.bin", "size": 1000, "crc32c": "deadbeef"}]}
                """;
        Manifest m = ManifestCodec.decode(old.getBytes(StandardCharsets.UTF_8), "old.json");
        assertEquals(manifest(new FileEntry("a.bin", 1000, 0xdeadbeefL)), m);
        assertEquals(Compression.NONE, m.files().get(0).stored());
        assertEquals(1000, m.files().get(0).storedSize());
        assertTrue(new String(ManifestCodec.encode(m), StandardCharsets.UTF_8).contains("\"format\" : 1"));
    }

    @Test
    void anUnknownStorageIsADamagedManifestNotRawBytes() {
        String json = new String(ManifestCodec.encode(manifest(new FileEntry("a.bin", 10, 1).storedAs(Compression.zstd(1), 9))),
                StandardCharsets.UTF_8).replace("zstd:1", "lz4:1");
        IOException e = assertThrows(IOException.class, () -> ManifestCodec.decode(json.getBytes(StandardCharsets.UTF_8), "new.json"));
        assertTrue(e.getMessage().contains("new.json") && e.getMessage().contains("unknown storage 'lz4:1'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FileEntry("a.bin", 10, 1, Compression.NONE, 9));
    }
}
