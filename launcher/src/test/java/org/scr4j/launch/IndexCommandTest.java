package org.scr4j.launch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.control.Index;
import org.scr4j.control.IndexEntry;

/** 'scr4j index' on a prefix with real files and manifests. */
class IndexCommandTest {
    @TempDir
    Path dir;
    private Path prefix;
    private PrefixFixture fixture;
    private IndexEntry ckpt1;
    private IndexEntry out2;
    private IndexEntry ckpt3;
    private IndexEntry ckpt4;

    @BeforeEach
    void setUp() throws Exception {
        prefix = Files.createDirectories(dir.resolve("prefix"));
        fixture = new PrefixFixture(prefix);
        ckpt1 = fixture.flush(1, "ckpt.1", 1, true, false, 2);
        out2 = fixture.flush(2, "out.2", 0, false, true, 2);
        ckpt3 = fixture.flush(3, "ckpt.3", 2, true, true, 2).withFailed("file 'rank.1/state.bin' has CRC32C 0badf00d");
        ckpt4 = fixture.flush(4, "ckpt.4", 3, true, false, 2);
        fixture.updateIndex(i -> i.with(ckpt1).with(out2).with(ckpt3).with(ckpt4).withCurrent(OptionalLong.of(1)));
    }

    private Scr4jProcess.Result index(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "index";
        all[1] = "--prefix";
        all[2] = prefix.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return InProcess.run(all);
    }

    @Test
    void listIsATableNewestFirstWithTheCurrentMarked() {
        Scr4jProcess.Result r = index();
        assertEquals(0, r.exitCode(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals(List.of("CUR", "ID", "NAME", "CKPT", "FLAGS", "FLUSHED", "STATUS"), List.of(lines.get(0).trim().split("\\s+")));
        assertTrue(lines.get(1).matches("\\s+4  ckpt\\.4\\s+3  CKPT\\s+2026-11-21T10:00:04Z\\s+ok"), lines.get(1));
        assertTrue(lines.get(2).matches("\\s+3  ckpt\\.3\\s+2  CKPT,OUTPUT\\s+2026-11-21T10:00:03Z\\s+FAILED: file 'rank.1/state.bin'"
                + " has CRC32C 0badf00d"), lines.get(2));
        assertTrue(lines.get(3).matches("\\s+2  out\\.2\\s+-  OUTPUT\\s+2026-11-21T10:00:02Z\\s+ok"), lines.get(3));
        assertTrue(lines.get(4).matches("\\*\\s+1  ckpt\\.1\\s+1  CKPT\\s+2026-11-21T10:00:01Z\\s+ok"), lines.get(4));
        assertTrue(lines.get(5).startsWith("* current: "), lines.get(5));
        assertEquals(r.out(), index("--list").out());
    }

    @Test
    void jsonListsEveryFieldForScripts() throws Exception {
        Scr4jProcess.Result r = index("--list", "--json");
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(1, root.get("current").asLong());
        JsonNode datasets = root.get("datasets");
        assertEquals(4, datasets.size());
        JsonNode failed = datasets.get(1);
        assertEquals(3, failed.get("id").asLong());
        assertEquals("ckpt.3", failed.get("name").asText());
        assertEquals(2, failed.get("checkpointId").asLong());
        assertTrue(failed.get("checkpoint").asBoolean() && failed.get("output").asBoolean());
        assertEquals(2, failed.get("ranks").asInt());
        assertEquals("2026-11-21T10:00:03Z", failed.get("flushed").asText());
        assertEquals("file 'rank.1/state.bin' has CRC32C 0badf00d", failed.get("failed").asText());
        assertFalse(failed.get("current").asBoolean());
        assertTrue(datasets.get(3).get("current").asBoolean());
        assertTrue(datasets.get(0).get("failed").isNull());
    }

    @Test
    void currentNamesTheCheckpointARestartStartsFrom() throws Exception {
        Scr4jProcess.Result r = index("--current", "ckpt.4");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(OptionalLong.of(4), fixture.index().current());
        assertTrue(r.out().startsWith("ckpt.4 (id 4) is current"), r.out());

        Scr4jProcess.Result failed = index("--current", "ckpt.3");
        assertEquals(2, failed.exitCode(), failed.toString());
        assertTrue(failed.err().contains("cannot make ckpt.3 (id 3) current: it is marked FAILED (file 'rank.1/state.bin' has"
                + " CRC32C 0badf00d)"), failed.err());

        Scr4jProcess.Result output = index("--current", "out.2");
        assertEquals(2, output.exitCode(), output.toString());
        assertTrue(output.err().contains("it is an output, not a checkpoint"), output.err());

        Scr4jProcess.Result unknown = index("--current", "ckpt.9");
        assertEquals(2, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.err().contains("has no dataset named 'ckpt.9'; it lists ckpt.1, out.2, ckpt.3, ckpt.4"), unknown.err());
        assertEquals(OptionalLong.of(4), fixture.index().current(), "refusals change nothing");
    }

    @Test
    void dropForgetsAnEntryAndKeepsItsFiles() throws Exception {
        Scr4jProcess.Result r = index("--drop", "ckpt.1");
        assertEquals(0, r.exitCode(), r.toString());
        Index index = fixture.index();
        assertEquals(List.of(2L, 3L, 4L), List.copyOf(index.entries().keySet()));
        assertEquals(OptionalLong.empty(), index.current(), "the dropped entry was current");
        assertTrue(Files.exists(fixture.file("ckpt.1", "rank.0/state.bin")));
        assertTrue(Files.exists(fixture.manifest(1, 1)));
    }

    @Test
    void dropAfterForgetsEveryNewerEntry() throws Exception {
        Scr4jProcess.Result r = index("--drop-after", "out.2");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("dropped ckpt.3 (id 3), ckpt.4 (id 4) from the index; their files stay on the prefix\n", r.out());
        Index index = fixture.index();
        assertEquals(List.of(1L, 2L), List.copyOf(index.entries().keySet()));
        assertEquals(OptionalLong.of(1), index.current());
        assertTrue(Files.exists(fixture.file("ckpt.4", "rank.1/meta/step.txt")));

        Scr4jProcess.Result none = index("--drop-after", "out.2");
        assertEquals(0, none.exitCode(), none.toString());
        assertTrue(none.out().contains("nothing dropped"), none.out());
    }

    @Test
    void addListsADatasetThatIsOnThePrefixAgain() throws Exception {
        fixture.updateIndex(i -> i.without(4));
        Scr4jProcess.Result r = index("--add", "ckpt.4");
        assertEquals(0, r.exitCode(), r.toString());
        IndexEntry added = fixture.index().entry(4).orElseThrow();
        assertEquals("ckpt.4", added.name());
        assertEquals(3, added.checkpointId());
        assertTrue(added.checkpoint() && !added.output() && added.complete() && added.isFlushed() && !added.isFailed());
        assertEquals(2, added.ranks());
        assertTrue(r.out().startsWith("added ckpt.4 (id 4) to the index as flushed at "), r.out());

        Scr4jProcess.Result again = index("--add", "ckpt.4");
        assertEquals(2, again.exitCode(), again.toString());
        assertTrue(again.err().contains("ckpt.4 (id 4) is already in the index"), again.err());
    }

    @Test
    void addRefusesADatasetWithAMissingManifestOrFileNamingEach() throws Exception {
        fixture.flush(5, "ckpt.5", 4, true, false, 3);
        Files.delete(fixture.manifest(5, 1));
        Scr4jProcess.Result r = index("--add", "ckpt.5");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("ckpt.5 (id 5) on the prefix is incomplete:\n  rank 1's manifest "), r.err());

        fixture.flush(6, "ckpt.6", 5, true, false, 2);
        Files.delete(fixture.file("ckpt.6", "rank.1/state.bin"));
        Files.write(fixture.file("ckpt.6", "rank.0/meta/step.txt"), new byte[3]);
        Scr4jProcess.Result files = index("--add", "ckpt.6");
        assertEquals(2, files.exitCode(), files.toString());
        assertTrue(files.err().contains("cannot add ckpt.6 (id 6): 2 of its 4 files are bad; the index is unchanged:"), files.err());
        assertTrue(files.err().contains("file 'rank.0/meta/step.txt' of rank 0 (") && files.err().contains(") is 3 bytes, its manifest says "),
                files.err());
        assertTrue(files.err().contains("file 'rank.1/state.bin' of rank 1 (") && files.err().contains(") is missing"), files.err());

        Scr4jProcess.Result unknown = index("--add", "ckpt.77");
        assertEquals(2, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.err().contains("no manifests of a dataset named 'ckpt.77'"), unknown.err());
        assertEquals(List.of(1L, 2L, 3L, 4L), List.copyOf(fixture.index().entries().keySet()));
    }

    @Test
    void buildChecksEveryCrcAndRefusesACorruptedFile() throws Exception {
        fixture.flush(7, "ckpt.7", 6, true, false, 2);
        Scr4jProcess.Result good = index("--build", "ckpt.7");
        assertEquals(0, good.exitCode(), good.toString());
        assertTrue(good.out().contains("every file's size and CRC32C checked"), good.out());
        assertTrue(fixture.index().entry(7).orElseThrow().isFlushed());
        assertTrue(good.err().contains("checking ckpt.7: ") && good.err().contains("(100%) in "), "progress: " + good.err());

        fixture.flush(8, "ckpt.8", 7, true, false, 2);
        Path victim = fixture.file("ckpt.8", "rank.1/state.bin");
        byte[] bytes = Files.readAllBytes(victim);
        bytes[bytes.length / 2] ^= 0x40; // same size, other content: only the CRC32C tells
        Files.write(victim, bytes);
        Index before = fixture.index();

        Scr4jProcess.Result bad = index("--build", "ckpt.8");
        assertEquals(2, bad.exitCode(), bad.toString());
        assertTrue(bad.err().contains("cannot build ckpt.8 (id 8): 1 of its 4 files is bad; the index is unchanged:"), bad.err());
        assertTrue(bad.err().contains("file 'rank.1/state.bin' of rank 1 (") && bad.err().contains(") has CRC32C "), bad.err());
        assertEquals(before, fixture.index());
        assertArrayEquals(bytes, Files.readAllBytes(victim), "files are never changed");

        assertEquals(0, index("--add", "ckpt.8").exitCode(), "--add checks sizes only, which are right");
    }

    @Test
    void aDamagedIndexIsNamedAndLeftAlone() throws Exception {
        Path file = prefix.resolve(".scr4j/index");
        Files.writeString(file, "{\"format\":1,\"datasets\":[");
        Scr4jProcess.Result r = index("--list");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("index is not a valid scr4j index: it is not valid JSON") && r.err().contains("move it aside"),
                r.err());
        assertEquals(2, index("--drop", "ckpt.1").exitCode());
        assertEquals("{\"format\":1,\"datasets\":[", Files.readString(file));
    }

    @Test
    void aPrefixWithoutScr4jIsAnError() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Scr4jProcess.Result r = InProcess.run("index", "--prefix", empty.toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("has no .scr4j directory, so no scr4j job has used it"), r.err());
        assertFalse(Files.exists(empty.resolve(".scr4j")));

        Scr4jProcess.Result json = index("--drop", "ckpt.1", "--json");
        assertEquals(2, json.exitCode(), json.toString());
        assertTrue(json.err().contains("--json goes with --list"), json.err());

        Scr4jProcess.Result two = index("--drop", "ckpt.1", "--current", "ckpt.4");
        assertEquals(2, two.exitCode(), two.toString());
        assertEquals(Optional.of(ckpt1.name()), fixture.index().entry(1).map(IndexEntry::name));
    }
}
