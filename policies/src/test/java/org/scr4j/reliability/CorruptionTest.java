package org.scr4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scr4j.reliability.Tally.Outcome.FALLBACK;
import static org.scr4j.reliability.Tally.Outcome.RECOVERED;
import static org.scr4j.reliability.Tally.Outcome.REFUSED;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.scr4j.erasure.Crc32c;

/**
 * Corruption of a job's checkpoints in the cache and on the prefix, one case per kind, on four
 * simulated nodes with one real rank process each: every damage is detected (CRC32C, manifests,
 * the redundancy headers), a part the scheme can rebuild is rebuilt and the newest checkpoint
 * restarts bit for bit, otherwise the restart falls back to the newest older intact checkpoint
 * with a message naming the file and what is wrong with it. Whatever checkpoint a case is
 * offered, every file the application is handed is held against the size and CRC32C its writer
 * recorded: damaged bytes never reach it. Another job's files are neither used nor touched.
 *
 * <p>Every case is its own job (its own job id, cache directories and prefix) made from a copy of
 * checkpoints ckpt.1 and ckpt.2 written once per scheme, then damaged; one step of rank processes
 * restarts them all one after another, each through a fresh {@code Scr.init} that reads its
 * cache from disk as a relaunched job does. The cases are then checked one by one.
 */
class CorruptionTest {
    private static final List<String> FOUR = List.of("node0", "node1", "node2", "node3");
    /** A few hundred KB per rank: big enough for several XOR and RS rows, small enough to copy per case. */
    private static final long BYTES = 300_000;
    private static final String NEWEST = "ckpt.2";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<String, Map<String, String>> TEMPLATES = new TreeMap<>(Map.of(
            "xor", Map.of("scr.ckpt.0.type", "XOR", "SCR_FLUSH", "0"),
            "rs", Map.of("scr.ckpt.0.type", "RS", "scr.ckpt.0.set.failures", "2", "SCR_FLUSH", "0"),
            "partner", Map.of("scr.ckpt.0.type", "PARTNER", "SCR_FLUSH", "0"),
            "flushed", Map.of("scr.ckpt.0.type", "XOR", "SCR_FLUSH", "1")));

    private static final Tally TALLY = new Tally("corruption");
    private static final List<CorruptionCase> CASES = new ArrayList<>();
    private static final Map<String, RestartReport> REPORTS = new HashMap<>();
    /** Per case, what it planted that must be left alone: path to CRC32C. */
    private static final Map<String, Map<Path, Long>> PLANTED = new HashMap<>();

    @TempDir
    static Path dir;
    private static CorruptionJobs jobs;

    // ------------------------------------------------------------------ the cases

    private static CorruptionCase trial(String sentence, String template, CorruptionCase.Injury injury, String... faults) {
        CorruptionCase c = new CorruptionCase(CASES.size() + 1, sentence, template, injury, faults);
        CASES.add(c);
        return c;
    }

    static {
        // One rank's data damaged: the part is treated as lost and rebuilt from the others.
        trial("a flipped bit in one rank's data file is rebuilt from XOR parity", "xor",
                (j, job) -> Damage.flipBit(state(j, job, 1)), "bit-flip")
                .expect(RECOVERED, NEWEST, "rank 1: file 'rank.1/state.bin' on tier 'ram': CRC32C mismatch",
                        "rebuilt the part(s) of rank(s) [1] of ckpt.2 (id 2) with XOR");
        trial("a data file cut short is rebuilt from XOR parity", "xor",
                (j, job) -> Damage.truncate(state(j, job, 0)), "truncation")
                .expect(RECOVERED, NEWEST, "rank 0: file 'rank.0/state.bin' on tier 'ram': size 150001 bytes, but the manifest"
                        + " records 300002", "rebuilt the part(s) of rank(s) [0] of ckpt.2");
        trial("a deleted data file is rebuilt from XOR parity", "xor",
                (j, job) -> Files.delete(j.file(job, 2, 3, "rank.3/extra.bin")), "file-deleted")
                .expect(RECOVERED, NEWEST, "rank 3: file 'rank.3/extra.bin' is missing from tier 'ram'",
                        "rebuilt the part(s) of rank(s) [3] of ckpt.2");
        trial("a data file with one byte appended is rebuilt from XOR parity", "xor",
                (j, job) -> Damage.appendByte(state(j, job, 2)), "byte-appended")
                .expect(RECOVERED, NEWEST, "rank 2: file 'rank.2/state.bin' on tier 'ram': size 315841 bytes, but the manifest"
                        + " records 315840", "rebuilt the part(s) of rank(s) [2] of ckpt.2");

        // One rank's manifest deleted or altered.
        trial("a deleted manifest makes the part lost and it is rebuilt", "xor",
                (j, job) -> Files.delete(j.manifest(job, 2, 1)), "manifest-deleted")
                .expect(RECOVERED, NEWEST, "deleting dataset.2.rank.1 on tier 'ram': it has no manifest",
                        "rebuilt the part(s) of rank(s) [1] of ckpt.2");
        trial("a manifest whose recorded CRC32C was changed fails the check and the part is rebuilt", "xor",
                (j, job) -> Damage.editJson(j.manifest(job, 2, 2), m -> file(m, "rank.2/state.bin").put("crc32c", "deadbeef")),
                "manifest-crc-altered")
                .expect(RECOVERED, NEWEST, "rank 2: file 'rank.2/state.bin' on tier 'ram': CRC32C mismatch: the manifest records"
                        + " deadbeef", "rebuilt the part(s) of rank(s) [2] of ckpt.2");
        trial("a manifest whose recorded size was changed fails the check and the part is rebuilt", "xor",
                (j, job) -> Damage.editJson(j.manifest(job, 2, 3), m -> file(m, "rank.3/state.bin").put("size", 323760)),
                "manifest-size-altered")
                .expect(RECOVERED, NEWEST, "rank 3: file 'rank.3/state.bin' on tier 'ram': size 323759 bytes, but the manifest"
                        + " records 323760", "rebuilt the part(s) of rank(s) [3] of ckpt.2");
        trial("a manifest cut short is refused and the part is rebuilt", "xor",
                (j, job) -> Damage.cutShort(j.manifest(job, 2, 0)), "manifest-cut-short")
                .expect(RECOVERED, NEWEST, "deleting dataset.2.rank.0 on tier 'ram': manifest", "is damaged",
                        "rebuilt the part(s) of rank(s) [0] of ckpt.2");
        trial("a manifest that is not JSON is refused and the part is rebuilt", "xor",
                (j, job) -> Files.writeString(j.manifest(job, 2, 1), "this is not a manifest\n"), "manifest-not-json")
                .expect(RECOVERED, NEWEST, "deleting dataset.2.rank.1 on tier 'ram': manifest", "is damaged",
                        "rebuilt the part(s) of rank(s) [1] of ckpt.2");
        trial("a manifest naming another dataset is refused and the part is rebuilt", "xor",
                (j, job) -> Files.copy(j.manifest(job, 1, 2), j.manifest(job, 2, 2), java.nio.file.StandardCopyOption.REPLACE_EXISTING),
                "manifest-other-dataset")
                .expect(RECOVERED, NEWEST, "rank 2: deleting dataset.2.rank.2 on tier 'ram': its manifest",
                        "belongs to dataset 1 rank 2 on tier 'ram', not to dataset 2 rank 2", "rebuilt the part(s) of rank(s) [2] of ckpt.2");
        trial("a manifest naming another rank is refused and the part is rebuilt", "xor",
                (j, job) -> Files.copy(j.manifest(job, 2, 3), j.manifest(job, 2, 1), java.nio.file.StandardCopyOption.REPLACE_EXISTING),
                "manifest-other-rank")
                .expect(RECOVERED, NEWEST, "rank 1: deleting dataset.2.rank.1 on tier 'ram': its manifest",
                        "belongs to dataset 2 rank 3 on tier 'ram', not to dataset 2 rank 1", "rebuilt the part(s) of rank(s) [1] of ckpt.2");
        trial("a manifest naming the dataset otherwise than the other ranks' is outvoted and the part is rebuilt", "xor",
                (j, job) -> Damage.editJson(j.manifest(job, 2, 0), m -> ((ObjectNode) m.get("dataset")).put("name", "ckpt.9")
                        .put("checkpointId", 9)), "manifest-other-name")
                .expect(RECOVERED, NEWEST, "rank 0's manifest of dataset 2 says it is 'ckpt.9' (checkpoint 9", "rank(s) [1, 2, 3] say 'ckpt.2'",
                        "rebuilt the part(s) of rank(s) [0] of ckpt.2");

        // Parity of the wrong size or content, on the damaged rank and on another one.
        trial("damaged data and a truncated parity file on another rank cannot be rebuilt: the older checkpoint restarts", "xor",
                (j, job) -> {
                    Damage.flipBit(state(j, job, 1));
                    Damage.truncate(parity(j, job, 2, 0));
                }, "bit-flip", "parity-truncated")
                .expect(FALLBACK, "ckpt.1", "rank 1: file 'rank.1/state.bin' on tier 'ram': CRC32C mismatch",
                        "cannot rebuild ckpt.2", "rank 2 (node2, its redundancy unreadable)", "2 (parity file redundancy/parity.0 has 54463"
                        + " bytes but holds a unit of 108926: it was cut short)")
                .then(CorruptionTest::newestGoneFromTheCache);
        trial("damaged data is rebuilt through a parity file with a byte appended on another rank: its unit is intact", "xor",
                (j, job) -> {
                    Damage.flipBit(state(j, job, 1));
                    Damage.appendByte(parity(j, job, 2, 0));
                }, "bit-flip", "parity-extended")
                .expect(RECOVERED, NEWEST, "rank 1: file 'rank.1/state.bin' on tier 'ram': CRC32C mismatch",
                        "rebuilt the part(s) of rank(s) [1] of ckpt.2");
        trial("damaged data and a flipped bit in the parity of another rank cannot be rebuilt: the older checkpoint restarts",
                "xor", (j, job) -> {
                    Damage.flipBit(state(j, job, 1));
                    Damage.flipBit(parity(j, job, 2, 0));
                }, "bit-flip", "parity-bit-flip")
                .expect(FALLBACK, "ckpt.1", "rank 1: file 'rank.1/state.bin' on tier 'ram': CRC32C mismatch",
                        "cannot rebuild ckpt.2", "2 (parity file redundancy/parity.0 is damaged: its CRC32C is")
                .then(CorruptionTest::newestGoneFromTheCache);
        trial("damaged data with truncated parity on the same rank is rebuilt from the other ranks, parity and all", "xor",
                (j, job) -> {
                    Damage.flipBit(state(j, job, 1));
                    Damage.truncate(parity(j, job, 1, 0));
                }, "bit-flip", "parity-truncated")
                .expect(RECOVERED, NEWEST, "rank 1: file 'rank.1/state.bin'", "rebuilt the part(s) of rank(s) [1] of ckpt.2")
                .then(CorruptionTest::everyParityUnitMatchesItsHeader);
        trial("damaged data with extended parity on the same rank is rebuilt from the other ranks, parity and all", "xor",
                (j, job) -> {
                    Damage.flipBit(state(j, job, 1));
                    Damage.appendByte(parity(j, job, 1, 0));
                }, "bit-flip", "parity-extended")
                .expect(RECOVERED, NEWEST, "rank 1: file 'rank.1/state.bin'", "rebuilt the part(s) of rank(s) [1] of ckpt.2")
                .then(CorruptionTest::everyParityUnitMatchesItsHeader);
        trial("damaged data with a flipped parity bit on the same rank is rebuilt from the other ranks, parity and all", "xor",
                (j, job) -> {
                    Damage.flipBit(state(j, job, 1));
                    Damage.flipBit(parity(j, job, 1, 0));
                }, "bit-flip", "parity-bit-flip")
                .expect(RECOVERED, NEWEST, "rank 1: file 'rank.1/state.bin'", "rebuilt the part(s) of rank(s) [1] of ckpt.2")
                .then(CorruptionTest::everyParityUnitMatchesItsHeader);
        trial("damaged parity alone leaves the data intact and the newest checkpoint restarts", "xor",
                (j, job) -> Damage.flipBit(parity(j, job, 2, 0)), "parity-bit-flip")
                .expect(RECOVERED, NEWEST);
        trial("two ranks with damaged data are more than XOR rebuilds: the older checkpoint restarts", "xor",
                (j, job) -> {
                    Damage.flipBit(state(j, job, 1));
                    Damage.flipBit(state(j, job, 2));
                }, "bit-flip", "bit-flip")
                .expect(FALLBACK, "ckpt.1", "rank 1: file 'rank.1/state.bin' on tier 'ram': CRC32C mismatch",
                        "rank 2: file 'rank.2/state.bin' on tier 'ram': CRC32C mismatch", "cannot rebuild ckpt.2")
                .then(CorruptionTest::newestGoneFromTheCache);

        // Reed-Solomon with two parity units per row, and PARTNER copies.
        trial("two ranks with damaged data are rebuilt by RS", "rs",
                (j, job) -> {
                    Damage.flipBit(state(j, job, 1));
                    Damage.truncate(state(j, job, 2));
                }, "bit-flip", "truncation")
                .expect(RECOVERED, NEWEST, "rank 1: file 'rank.1/state.bin'", "rank 2: file 'rank.2/state.bin'",
                        "rebuilt the part(s) of rank(s) [1, 2] of ckpt.2 (id 2) with RS");
        trial("damaged data and truncated parity on another rank are rebuilt by RS around both", "rs",
                (j, job) -> {
                    Damage.flipBit(state(j, job, 1));
                    Damage.truncate(parity(j, job, 2, 0));
                }, "bit-flip", "parity-truncated")
                .expect(RECOVERED, NEWEST, "rank 1: file 'rank.1/state.bin'", "RS rebuilds the part(s) of rank(s) 1 (now on node1) of"
                        + " ckpt.2 (id 2) without the redundancy of rank(s) 2 (parity file redundancy/parity.0 has 81694 bytes but holds a"
                        + " unit of 163388: it was cut short)",
                        "rebuilt the part(s) of rank(s) [1] of ckpt.2")
                .then(CorruptionTest::everyParityUnitMatchesItsHeader);
        trial("damaged data and a flipped parity bit on another rank are rebuilt by RS around both", "rs",
                (j, job) -> {
                    Damage.flipBit(state(j, job, 1));
                    Damage.flipBit(parity(j, job, 2, 0));
                }, "bit-flip", "parity-bit-flip")
                .expect(RECOVERED, NEWEST, "rank 1: file 'rank.1/state.bin'", "without the redundancy of rank(s) 2 (parity file"
                        + " redundancy/parity.0 is damaged: its CRC32C is",
                        "rebuilt the part(s) of rank(s) [1] of ckpt.2")
                .then(CorruptionTest::everyParityUnitMatchesItsHeader);
        trial("a deleted manifest under RS is rebuilt", "rs",
                (j, job) -> Files.delete(j.manifest(job, 2, 0)), "manifest-deleted")
                .expect(RECOVERED, NEWEST, "deleting dataset.2.rank.0 on tier 'ram': it has no manifest",
                        "rebuilt the part(s) of rank(s) [0] of ckpt.2 (id 2) with RS");
        trial("a flipped bit in one rank's data file is rebuilt from its PARTNER copy", "partner",
                (j, job) -> Damage.flipBit(state(j, job, 1)), "bit-flip")
                .expect(RECOVERED, NEWEST, "rank 1: file 'rank.1/state.bin' on tier 'ram': CRC32C mismatch",
                        "rebuilt the part(s) of rank(s) [1] of ckpt.2 (id 2) with PARTNER");
        trial("damaged data whose PARTNER copy is truncated too cannot be rebuilt: the older checkpoint restarts", "partner",
                (j, job) -> {
                    Damage.flipBit(state(j, job, 1));
                    Damage.truncate(partnerCopy(j, job, 1));
                }, "bit-flip", "partner-copy-truncated")
                .expect(FALLBACK, "ckpt.1", "rank 1: file 'rank.1/state.bin' on tier 'ram': CRC32C mismatch", "cannot rebuild ckpt.2")
                .then(CorruptionTest::newestGoneFromTheCache);
        trial("damaged data whose PARTNER copy has a flipped bit cannot be rebuilt: the older checkpoint restarts", "partner",
                (j, job) -> {
                    Damage.flipBit(state(j, job, 1));
                    Damage.flipBit(partnerCopy(j, job, 1));
                }, "bit-flip", "partner-copy-bit-flip")
                .expect(FALLBACK, "ckpt.1", "rank 1: file 'rank.1/state.bin' on tier 'ram': CRC32C mismatch", "cannot rebuild ckpt.2")
                .then(CorruptionTest::newestGoneFromTheCache);
        trial("a manifest that is not JSON under PARTNER is rebuilt from the copy", "partner",
                (j, job) -> Files.writeString(j.manifest(job, 2, 3), "{\"format\": 1, \"dataset\": "), "manifest-cut-short")
                .expect(RECOVERED, NEWEST, "deleting dataset.2.rank.3 on tier 'ram': manifest", "is damaged",
                        "rebuilt the part(s) of rank(s) [3] of ckpt.2 (id 2) with PARTNER");

        // Leftovers of other jobs, and strays in our own directories.
        trial("another job's directory beside ours, with newer checkpoints, is neither used nor touched", "xor",
                (j, job) -> PLANTED.put(job, Leftovers.anotherJob(j, job)), "other-job-directory")
                .expect(RECOVERED, NEWEST)
                .then((j, job, r) -> Leftovers.assertUntouched(PLANTED.get(job)));
        trial("directories in our tier that are not this job's parts are neither used nor deleted", "xor",
                (j, job) -> PLANTED.put(job, Leftovers.foreignDirectories(j, job)), "foreign-dataset-directory")
                .expect(RECOVERED, NEWEST)
                .then((j, job, r) -> Leftovers.assertUntouched(PLANTED.get(job)));
        trial("stray files in our dataset directories are never handed out nor deleted, and the newest checkpoint restarts",
                "xor", (j, job) -> PLANTED.put(job, Leftovers.strays(j, job)), "stray-files")
                .askingFor("rank.0/stray.bin")
                .expect(RECOVERED, NEWEST, "STRAY-REFUSED checkpoint ckpt.2 (id 2) has no file 'rank.0/stray.bin'")
                .then((j, job, r) -> Leftovers.assertUntouched(PLANTED.get(job)));
        trial("a planted dataset directory with a newer id and no valid manifest is never offered", "xor",
                Leftovers::newerWithoutManifest, "planted-newer-dataset")
                .expect(RECOVERED, NEWEST, "deleting dataset.9.rank.0 on tier 'ram': it has no manifest",
                        "deleting dataset.9.rank.3 on tier 'ram': manifest")
                .then((j, job, r) -> {
                    for (int rank = 0; rank < FOUR.size(); rank++) {
                        assertFalse(Files.exists(j.part(job, 9, rank)), "rank " + rank + "'s planted dataset.9");
                    }
                });

        // The prefix: the cache is gone and the flushed copy is damaged.
        trial("a flipped bit in a flushed file is refused by the fetch and the older flushed checkpoint restarts", "flushed",
                (j, job) -> {
                    j.wipeCache(job);
                    Damage.flipBit(j.prefix(job).resolve("ckpt.2/rank.1/state.bin"));
                }, "prefix-bit-flip")
                .expect(FALLBACK, "ckpt.1", "skipping flushed checkpoint ckpt.2 (id 2) on the prefix",
                        "file 'rank.1/state.bin' on the prefix", "CRC32C mismatch", "fetched checkpoint ckpt.1")
                .then((j, job, r) -> assertFailedInIndex(j, job, "ckpt.2", "rank.1/state.bin"));
        trial("a flushed file cut short is refused by the fetch and the older flushed checkpoint restarts", "flushed",
                (j, job) -> {
                    j.wipeCache(job);
                    Damage.truncate(j.prefix(job).resolve("ckpt.2/rank.3/state.bin"));
                }, "prefix-truncation")
                .expect(FALLBACK, "ckpt.1", "skipping flushed checkpoint ckpt.2 (id 2) on the prefix",
                        "file 'rank.3/state.bin' on the prefix", "size 161879 bytes, but the manifest records 323759",
                        "fetched checkpoint ckpt.1")
                .then((j, job, r) -> assertFailedInIndex(j, job, "ckpt.2", "rank.3/state.bin"));
        trial("a damaged prefix manifest is refused by the fetch and the older flushed checkpoint restarts", "flushed",
                (j, job) -> {
                    j.wipeCache(job);
                    Damage.cutShort(j.prefix(job).resolve(".scr4j/datasets/2/rank.2.json"));
                }, "prefix-manifest-cut-short")
                .expect(FALLBACK, "ckpt.1", "skipping flushed checkpoint ckpt.2 (id 2) on the prefix", "rank.2.json",
                        "is damaged", "fetched checkpoint ckpt.1")
                .then((j, job, r) -> assertFailedInIndex(j, job, "ckpt.2", "rank.2.json"));
        trial("when every flushed copy is damaged nothing is offered and each is named", "flushed",
                (j, job) -> {
                    j.wipeCache(job);
                    Damage.flipBit(j.prefix(job).resolve("ckpt.2/rank.0/state.bin"));
                    Damage.truncate(j.prefix(job).resolve("ckpt.1/rank.2/state.bin"));
                }, "prefix-bit-flip", "prefix-truncation")
                .expect(REFUSED, null, "skipping flushed checkpoint ckpt.2 (id 2) on the prefix", "file 'rank.0/state.bin'",
                        "skipping flushed checkpoint ckpt.1 (id 1) on the prefix", "file 'rank.2/state.bin'")
                .then((j, job, r) -> {
                    assertFailedInIndex(j, job, "ckpt.2", "rank.0/state.bin");
                    assertFailedInIndex(j, job, "ckpt.1", "rank.2/state.bin");
                });
    }

    // ------------------------------------------------------------------ running them

    @BeforeAll
    static void runEveryCase() throws Exception {
        long start = System.nanoTime();
        jobs = new CorruptionJobs(dir, FOUR, BYTES);
        CorruptionJobs.Plan writes = jobs.plan();
        TEMPLATES.forEach((template, settings) -> writes.add(template, "write 1 2", settings));
        Map<String, String> written = new TreeMap<>();
        for (List<String> outputs : writes.run().values()) {
            written.putAll(RestartReport.written(outputs));
        }
        long written1 = System.nanoTime();
        CorruptionJobs.Plan restarts = jobs.plan();
        for (CorruptionCase c : CASES) {
            jobs.copyJob(c.template, c.job);
            c.injury.apply(jobs, c.job);
            c.faults.forEach(TALLY::fault);
            restarts.add(c.job, c.action(), TEMPLATES.get(c.template));
        }
        long prepared = System.nanoTime();
        Map<String, List<String>> outputs = restarts.run();
        System.out.printf("corruption suite: templates written in %.1f s, %d cases prepared in %.1f s, restarted in %.1f s%n",
                (written1 - start) / 1e9, CASES.size(), (prepared - written1) / 1e9, (System.nanoTime() - prepared) / 1e9);
        for (CorruptionCase c : CASES) {
            RestartReport report = RestartReport.of(outputs.get(c.job), written);
            REPORTS.put(c.job, report);
            TALLY.trial(report.outcome(NEWEST));
            TALLY.silentCorruptions(report.differences().size());
            System.out.println("case " + c.job + " (" + c.sentence + "): " + report.outcome(NEWEST) + " "
                    + report.restartedFrom().orElse("nothing") + "\n" + report.said());
        }
    }

    @AfterAll
    static void tally() throws Exception {
        if (jobs != null) {
            jobs.close();
        }
        TALLY.write();
        assertEquals(0, TALLY.silentCorruptions(), "files handed to the application differ from what was written for them");
    }

    static Stream<CorruptionCase> cases() {
        return CASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isDetectedAndRepairedOrRefusedAndNeverReachesTheApplication(CorruptionCase c) throws Exception {
        RestartReport report = REPORTS.get(c.job);
        assertEquals(List.of(), report.differences(), "damaged bytes reached the application:\n" + report.all());
        assertEquals(c.from, report.restartedFrom(), report.all());
        assertEquals(c.expected, report.outcome(NEWEST), report.all());
        for (String phrase : c.said) {
            assertTrue(report.all().contains(phrase), "the ranks did not say '" + phrase + "':\n" + report.all());
        }
        c.check.verify(jobs, c.job, report);
    }

    // ------------------------------------------------------------------ damage and checks

    private static Path state(CorruptionJobs j, String job, int rank) {
        return j.file(job, 2, rank, "rank." + rank + "/state.bin");
    }

    private static Path parity(CorruptionJobs j, String job, int rank, int unit) {
        return j.part(job, 2, rank).resolve("redundancy/parity." + unit);
    }

    /** The PARTNER copy of rank r's state file, kept by the next rank. */
    private static Path partnerCopy(CorruptionJobs j, String job, int rank) {
        int holder = (rank + 1) % FOUR.size();
        return j.part(job, 2, holder).resolve("redundancy/partner/rank." + rank + "/state.bin");
    }

    /** A file's entry in a manifest. */
    private static ObjectNode file(ObjectNode manifest, String path) {
        for (JsonNode f : manifest.get("files")) {
            if (f.get("path").asText().equals(path)) {
                return (ObjectNode) f;
            }
        }
        throw new IllegalArgumentException("the manifest lists no " + path + ": " + manifest);
    }

    /** ckpt.2 was deleted on every rank rather than offered half-rebuilt or kept damaged. */
    private static void newestGoneFromTheCache(CorruptionJobs j, String job, RestartReport report) {
        for (int rank = 0; rank < FOUR.size(); rank++) {
            assertFalse(Files.exists(j.part(job, 2, rank)), "rank " + rank + " still holds the damaged ckpt.2:\n" + report.all());
        }
    }

    /** The rebuild protected the dataset again: every rank's parity reads back as its header records it. */
    private static void everyParityUnitMatchesItsHeader(CorruptionJobs j, String job, RestartReport report) throws Exception {
        for (int rank = 0; rank < FOUR.size(); rank++) {
            Path part = j.part(job, 2, rank);
            JsonNode header = JSON.readTree(Files.readAllBytes(part.resolve("redundancy/header.json")));
            assertTrue(header.get("stored").size() > 0, "rank " + rank + " holds no parity: " + header);
            for (JsonNode f : header.get("stored")) {
                Path unit = part.resolve(f.get("path").asText());
                assertEquals(f.get("size").asLong(), Files.size(unit), unit.toString());
                assertEquals(f.get("crc32c").asText(), Crc32c.hex(Crc32c.of(unit)), unit.toString());
            }
        }
    }

    private static void assertFailedInIndex(CorruptionJobs j, String job, String name, String phrase) throws Exception {
        JsonNode index = JSON.readTree(Files.readAllBytes(j.prefix(job).resolve(".scr4j/index")));
        for (JsonNode e : index.get("datasets")) {
            if (e.get("name").asText().equals(name)) {
                String failed = e.path("failed").asText("");
                assertTrue(failed.contains(phrase), name + " must be marked FAILED naming " + phrase + ": " + e);
                return;
            }
        }
        throw new AssertionError("the index of " + job + " has no entry " + name + ": " + index);
    }
}
