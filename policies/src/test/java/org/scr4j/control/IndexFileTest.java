package org.scr4j.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scr4j.control.Local.checkpoint;
import static org.scr4j.control.Local.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexFileTest {
    private static final String FIX = "move it aside to start a new index (scr4j then ignores what it listed),"
            + " or restore it from a backup";

    @TempDir
    Path tmp;
    private ControlDirectory control;
    private Path indexFile;

    @BeforeEach
    void setUp() throws Exception {
        control = Local.control(tmp.resolve("prefix"));
        indexFile = tmp.resolve("prefix/.scr4j/index");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aMissingFileIsAnEmptyIndexAndReadingCreatesNothing() throws Exception {
        assertEquals(Index.empty(), control.index().read());
        assertFalse(Files.exists(indexFile));
    }

    @Test
    void updateWritesAnIndexThatReadsBackEqual() throws Exception {
        IndexEntry failed = new IndexEntry(3, "ckpt.3", 3, true, false, 2, true, Optional.empty(),
                Optional.of("rank 1 lost its files"));
        Index written = control.index().update(i -> i.with(checkpoint(7, true)).with(output(5)).with(failed)
                .withCurrent(OptionalLong.of(7)));

        assertEquals(written, control.index().read());
        assertEquals(List.of(3L, 5L, 7L), List.copyOf(written.entries().keySet()));

        JsonNode json = new ObjectMapper().readTree(Files.readAllBytes(indexFile));
        assertEquals(List.of("format", "current", "datasets"), fieldNames(json));
        assertEquals(1, json.get("format").intValue());
        assertEquals(7, json.get("current").longValue());
        assertEquals(3, json.get("datasets").size());
        JsonNode seven = json.get("datasets").get(2);
        assertEquals(List.of("id", "name", "checkpointId", "checkpoint", "output", "ranks", "complete", "flushed",
                "failed"), fieldNames(seven));
        assertEquals(7, seven.get("id").longValue());
        assertEquals("ckpt.7", seven.get("name").textValue());
        assertEquals(7, seven.get("checkpointId").longValue());
        assertTrue(seven.get("checkpoint").booleanValue());
        assertFalse(seven.get("output").booleanValue());
        assertEquals(4, seven.get("ranks").intValue());
        assertTrue(seven.get("complete").booleanValue());
        assertEquals("2026-01-08T10:00:00Z", seven.get("flushed").textValue());
        assertTrue(seven.get("failed").isNull());
        assertEquals("rank 1 lost its files", json.get("datasets").get(0).get("failed").textValue());
        assertTrue(json.get("datasets").get(0).get("flushed").isNull());
        assertEquals(List.of("index"), Arrays.stream(tmp.resolve("prefix/.scr4j").toFile().list()).sorted().toList(),
                "no temp or lock file is left");
    }

    @Test
    void currentIsStoredAsNullWhenUnset() throws Exception {
        control.index().update(i -> i.with(checkpoint(1, true)).withCurrent(OptionalLong.of(1)));
        Index unset = control.index().update(i -> i.withCurrent(OptionalLong.empty()));

        assertEquals(OptionalLong.empty(), unset.current());
        assertEquals(OptionalLong.empty(), control.index().read().current());
        assertTrue(new ObjectMapper().readTree(Files.readAllBytes(indexFile)).get("current").isNull());
    }

    @Test
    void aTruncatedIndexIsAClearErrorAndUpdateLeavesItAlone() throws Exception {
        control.index().update(i -> i.with(checkpoint(1, true)).with(checkpoint(2, true)));
        byte[] whole = Files.readAllBytes(indexFile);
        byte[] half = Arrays.copyOf(whole, whole.length / 2);
        Files.write(indexFile, half);

        IndexFormatException read = assertThrows(IndexFormatException.class, () -> control.index().read());
        assertTrue(read.getMessage().startsWith(control.index().path() + " is not a valid scr4j index: it is not valid JSON,"
                + " perhaps truncated ("), read.getMessage());
        assertTrue(read.getMessage().endsWith("; " + FIX), read.getMessage());

        IndexFormatException update = assertThrows(IndexFormatException.class,
                () -> control.index().update(i -> i.with(checkpoint(3, true))));
        assertEquals(read.getMessage(), update.getMessage());
        assertArrayEquals(half, Files.readAllBytes(indexFile));
        assertFalse(Files.exists(tmp.resolve("prefix/.scr4j/index.lock")), "the failed update released its lock");
    }

    @Test
    void anIndexFromANewerScr4jIsRefusedAndNotOverwritten() throws Exception {
        byte[] newer = "{\"format\":2,\"current\":null,\"datasets\":[],\"shards\":4}\n".getBytes(StandardCharsets.UTF_8);
        Files.write(indexFile, newer);

        IndexFormatException e = assertThrows(IndexFormatException.class, () -> control.index().read());
        assertEquals(control.index().path() + " was written by a newer scr4j (format 2, this one reads up to 1);"
                + " use that version, or move the file aside", e.getMessage());
        assertThrows(IndexFormatException.class, () -> control.index().update(i -> i.with(checkpoint(1, true))));
        assertArrayEquals(newer, Files.readAllBytes(indexFile));
    }

    @Test
    void missingFieldsAndWrongTypesAreNamed() throws Exception {
        Files.writeString(indexFile, "{\"format\":1,\"current\":null,\"datasets\":[{\"id\":1,\"name\":\"a\","
                + "\"checkpointId\":1,\"checkpoint\":true,\"output\":false,\"complete\":true}]}");
        assertEquals(control.index().path() + " is not a valid scr4j index: dataset #1 lacks the required field"
                + " \"ranks\"; " + FIX, assertThrows(IndexFormatException.class, () -> control.index().read()).getMessage());

        Files.writeString(indexFile, "{\"format\":1,\"current\":null,\"datasets\":[{\"id\":1,\"name\":\"a\","
                + "\"checkpointId\":1,\"checkpoint\":true,\"output\":false,\"ranks\":2,\"complete\":true,"
                + "\"flushed\":\"yesterday\"}]}");
        assertEquals(control.index().path() + " is not a valid scr4j index: dataset #1 has \"flushed\": \"yesterday\","
                + " not an ISO-8601 instant such as 2026-01-31T12:00:00Z; " + FIX,
                assertThrows(IndexFormatException.class, () -> control.index().read()).getMessage());

        Files.writeString(indexFile, "{\"current\":null,\"datasets\":[]}");
        assertEquals(control.index().path() + " is not a valid scr4j index: the file lacks the required field"
                + " \"format\"; " + FIX, assertThrows(IndexFormatException.class, () -> control.index().read()).getMessage());

        Files.writeString(indexFile, "{\"format\":1,\"current\":4,\"datasets\":[]}");
        assertEquals(control.index().path() + " is not a valid scr4j index: the current dataset 4 is not in the index; "
                + FIX, assertThrows(IndexFormatException.class, () -> control.index().read()).getMessage());

        Files.writeString(indexFile, "");
        assertEquals(control.index().path() + " is not a valid scr4j index: it is empty (0 bytes, no JSON); " + FIX,
                assertThrows(IndexFormatException.class, () -> control.index().read()).getMessage());
    }

    @Test
    void concurrentUpdatesLoseNothing() throws Exception {
        int threads = 8;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    // Each thread its own ControlDirectory and FileSystem, as separate processes would have.
                    ControlDirectory own = Local.control(tmp.resolve("prefix"));
                    for (int i = 0; i < each; i++) {
                        long id = thread * each + i + 1L;
                        own.index().update(x -> x.with(checkpoint(id, false)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Index index = control.index().read();
        assertEquals(LongStream.rangeClosed(1, threads * each).boxed().collect(Collectors.toList()),
                List.copyOf(index.entries().keySet()));
    }

    @Test
    void anUnchangedIndexIsNotRewritten() throws Exception {
        control.index().update(i -> i.with(checkpoint(1, true)));
        Instant old = Instant.parse("2020-01-01T00:00:00Z");
        Files.setLastModifiedTime(indexFile, FileTime.from(old));
        control.index().update(i -> i.with(checkpoint(1, true)));
        assertEquals(old, Files.getLastModifiedTime(indexFile).toInstant());
    }
}
