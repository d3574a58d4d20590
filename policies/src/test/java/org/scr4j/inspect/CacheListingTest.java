package org.scr4j.inspect;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scr4j.dataset.DatasetInfo;
import org.scr4j.scheme.NotRecoverableException;
import org.scr4j.scheme.RankPart;
import org.scr4j.scheme.RecoveryGroup;

/** What a node's listing says about parts that are whole, half-written or damaged, and how it travels to the launcher. */
class CacheListingTest {
    private CachedJob job;

    @BeforeEach
    void start() throws Exception {
        job = new CachedJob();
    }

    @AfterEach
    void stop() throws Exception {
        job.close();
    }

    private PartListing part(long id, int rank) throws IOException {
        return job.listAll().stream().filter(p -> p.datasetId() == id && p.rank() == rank).findFirst()
                .orElseThrow(() -> new AssertionError("no listing of dataset " + id + " rank " + rank));
    }

    private DatasetRecovery verdict(long id) throws IOException {
        return Recoverability.assess(job.listAll()).stream().filter(d -> d.datasetId() == id).findFirst().orElseThrow();
    }

    private static long bytesOf(long id, int rank) {
        return CachedJob.content(id, rank, 0).length + CachedJob.content(id, rank, 1).length;
    }

    @Test
    void aPartWithoutManifestIsIncompleteAndCountsAsMissing() throws Exception {
        DatasetInfo d = job.write(1, "XOR");
        Files.delete(job.local(1, 2, PartInspector.MANIFEST));
        PartListing p = part(1, 2);
        assertFalse(p.complete(), p.toString());
        assertFalse(p.usable(), p.toString());
        assertEquals(Optional.empty(), p.dataset());
        assertEquals(Optional.of("it has no manifest.json: rank 2 never completed this dataset (the job stopped while writing it);"
                + " the job's next run deletes it"), p.problem());
        assertEquals(List.of(), p.recoveryGroups(), "an incomplete part's redundancy is not read");
        assertEquals("n2", p.node());
        assertEquals(2, p.files());
        assertEquals(bytesOf(1, 2), p.bytes());
        assertTrue(p.redundancyBytes() > 0, p.toString());

        DatasetRecovery v = verdict(1);
        assertTrue(v.recoverable(), v.toString());
        assertEquals(d, v.dataset().orElseThrow());
        assertEquals(Set.of(2), v.missingRanks());
        assertEquals("its part on node n2, tier ram: " + p.problem().get() + "; rebuilt from ranks [0, 1, 3] (their group"
                + " [0, 1, 2, 3] survives 1 lost and has 1)", v.missing().get(0).reason());
        assertEquals("rank 2 missing; the XOR redundancy of the ranks present rebuilds them", v.reason());

        job.lose(1, Set.of(1));
        DatasetRecovery worse = verdict(1);
        assertFalse(worse.recoverable(), worse.toString());
        assertEquals(Set.of(1, 2), worse.missingRanks());
        assertTrue(worse.reason().contains("group [0, 1, 2, 3] survives 1 lost but has 2 (rank 1 missing, rank 2 missing)"),
                worse.reason());
    }

    @Test
    void aDamagedManifestIsReportedWithItsFile() throws Exception {
        job.write(1, "PARTNER");
        Files.writeString(job.local(1, 0, PartInspector.MANIFEST), "{\"format\": 1, \"dataset\": ");
        PartListing p = part(1, 0);
        assertFalse(p.complete());
        String problem = p.problem().orElseThrow();
        assertTrue(problem.startsWith("manifest " + job.tier(0).location() + "dataset.1.rank.0/manifest.json is damaged"), problem);
        assertTrue(problem.endsWith("; the job's next run deletes this part"), problem);
    }

    @Test
    void aManifestOfAnotherPartIsNotTakenForThisOne() throws Exception {
        job.write(1, "SINGLE");
        job.write(2, "SINGLE");
        Files.copy(job.local(1, 3, PartInspector.MANIFEST), job.local(2, 3, PartInspector.MANIFEST),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        PartListing p = part(2, 3);
        assertFalse(p.complete());
        assertTrue(p.problem().orElseThrow().contains("belongs to dataset 1 rank 3 on tier 'ram', not to this directory"),
                p.toString());
    }

    @Test
    void filesThatDisagreeWithTheManifestMakeThePartUnusable() throws Exception {
        job.write(1, "RS");
        Path state = job.local(1, 3, RankPart.FILES + "rank.3/state.bin");
        byte[] bytes = Files.readAllBytes(state);
        Files.write(state, java.util.Arrays.copyOf(bytes, bytes.length - 1));
        Files.delete(job.local(1, 3, RankPart.FILES + "rank.3/sub/extra.bin"));
        PartListing p = part(1, 3);
        assertTrue(p.complete(), p.toString());
        assertFalse(p.usable(), p.toString());
        assertEquals(Optional.of("its files disagree with its manifest: 'rank.3/state.bin' has " + (bytes.length - 1) + " bytes, not "
                + bytes.length + ", 'rank.3/sub/extra.bin' is missing; a restart rebuilds this part from the other ranks'"
                + " redundancy if it can"), p.problem());
        assertEquals(List.of(new RecoveryGroup(Set.of(0, 1, 2, 3), 2)), p.recoveryGroups());
        DatasetRecovery v = verdict(1);
        assertTrue(v.recoverable(), v.toString());
        assertEquals(Set.of(3), v.missingRanks());
    }

    @Test
    void aDamagedHeaderCostsItsRankTheRebuildOfOthersAsTheSchemeFinds() throws Exception {
        DatasetInfo d = job.write(1, "XOR");
        Path header = job.local(1, 2, RankPart.REDUNDANCY + "header.json");
        Files.writeString(header, "{\"format\": 1, \"scheme\": \"XOR\"");
        PartListing p = part(1, 2);
        assertTrue(p.usable(), "its own files are fine: " + p);
        assertEquals(List.of(), p.recoveryGroups());
        String problem = p.redundancyProblem().orElseThrow();
        assertTrue(problem.startsWith("redundancy header ") && problem.contains("dataset.1.rank.2/redundancy/header.json is damaged"),
                problem);

        job.lose(1, Set.of(1));
        DatasetRecovery v = verdict(1);
        assertFalse(v.recoverable(), v.toString());
        assertEquals("no node holds its part; too many of its group are gone: group [0, 1, 2, 3] survives 1 lost but has 2 (rank 1"
                + " missing, rank 2 present, but its redundancy header is missing or unreadable)", v.missing().get(0).reason());
        List<Object> results = job.recover(d, Set.of(1));
        for (int r = 0; r < results.size(); r++) {
            assertInstanceOf(NotRecoverableException.class, results.get(r), "the scheme refuses too, on rank " + r);
        }
    }

    @Test
    void aHeaderOfAnotherRankIsRefused() throws Exception {
        job.write(1, "PARTNER");
        Files.copy(job.local(1, 3, RankPart.REDUNDANCY + "header.json"), job.local(1, 2, RankPart.REDUNDANCY + "header.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        PartListing p = part(1, 2);
        assertEquals(List.of(), p.recoveryGroups());
        assertTrue(p.redundancyProblem().orElseThrow().contains("does not fit its part: it belongs to dataset 1 rank 3, not to"
                + " ckpt.1 (id 1) rank 2"), p.toString());
    }

    @Test
    void partsListNewestFirstAndTravelAsLinesUnchanged() throws Exception {
        job.write(1, "XOR");
        job.write(2, "PARTNER");
        job.write(3, "SINGLE");
        Files.delete(job.local(3, 0, PartInspector.MANIFEST));
        Files.writeString(job.local(1, 1, RankPart.REDUNDANCY + "header.json"), "not json");
        List<PartListing> all = job.listAll();
        assertEquals(12, all.size());
        List<PartListing> n0 = new CacheListing(job.config, job.tiers, job.schemes).list(job.context("n0"));
        assertEquals(List.of(3L, 2L, 1L), n0.stream().map(PartListing::datasetId).toList());
        for (PartListing p : all) {
            String line = PartLine.format(p);
            assertTrue(line.startsWith("scr4j-part {") && !line.contains("\n"), line);
            assertEquals(Optional.of(p), PartLine.parse(line), line);
        }
        assertEquals(List.of(3L, 2L, 1L), Recoverability.assess(all).stream().map(DatasetRecovery::datasetId).toList());
    }

    @Test
    void linesThatAreNotPartsAreSkippedAndCutOnesRefused() throws Exception {
        job.write(1, "XOR");
        String line = PartLine.format(part(1, 0));
        assertEquals(Optional.empty(), PartLine.parse("12:00:01 INFO  Engine: rank 0 ..."));
        IOException cut = assertThrows(IOException.class, () -> PartLine.parse(line.substring(0, line.length() - 5)));
        assertTrue(cut.getMessage().startsWith("cannot read the part listing 'scr4j-part {"), cut.getMessage());
        assertTrue(cut.getMessage().endsWith("Fix: run the same scr4j version on every node"), cut.getMessage());
        IOException wrong = assertThrows(IOException.class, () -> PartLine.parse(line.replace("\"rank\":0", "\"rank\":\"zero\"")));
        assertTrue(wrong.getMessage().contains("field 'rank' is \"zero\", not a whole number"), wrong.getMessage());
    }

    @Test
    void theNodeProcessPrintsItsPartsAsLinesTheLauncherReadsBack() throws Exception {
        job.write(1, "RS");
        job.write(2, "XOR");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ListCacheMain.run(new String[0], job.env("n1"), new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
        assertEquals(0, status, err.toString(UTF_8));
        List<PartListing> read = new ArrayList<>();
        for (String line : out.toString(UTF_8).split("\n")) {
            read.add(PartLine.parse(line).orElseThrow(() -> new AssertionError("not a part line: " + line)));
        }
        assertEquals(new CacheListing(job.config, job.tiers, job.schemes).list(job.context("n1")), read);
        assertEquals(List.of(2L, 1L), read.stream().map(PartListing::datasetId).toList());
        assertTrue(read.stream().allMatch(p -> p.node().equals("n1") && p.rank() == 1 && p.usable()), read.toString());
    }

    @Test
    void theNodeProcessNamesTheNodeAndTheFixWhenItCannotStart() {
        Map<String, String> env = new HashMap<>(job.env("n3"));
        env.put("SCR_CONF_FILE", job.root.resolve("missing.conf").toString());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ListCacheMain.run(new String[0], env, new PrintStream(new ByteArrayOutputStream(), true, UTF_8),
                new PrintStream(err, true, UTF_8));
        assertEquals(2, status);
        String said = err.toString(UTF_8);
        assertTrue(said.startsWith("scr4j-list-cache: node n3: configuration error: SCR_CONF_FILE names " + job.root.resolve("missing.conf")), said);
        assertTrue(said.contains("Fix:"), said);

        ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        assertEquals(2, ListCacheMain.run(new String[] {"--all"}, job.env("n3"), new PrintStream(new ByteArrayOutputStream(), true,
                UTF_8), new PrintStream(err2, true, UTF_8)));
        assertTrue(err2.toString(UTF_8).contains("takes no arguments, got [--all]"), err2.toString(UTF_8));
    }
}
