package org.scr4j.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scr4j.reliability.Tally;

/**
 * The engine's side of the loss matrix, with real processes: a job of four nodes writes ckpt.1
 * (flushed to the prefix) and ckpt.2 (the newest, in the cache only), both under one scheme. A
 * loss the scheme survives restarts the job from ckpt.2, rebuilt bit for bit; one more lost node
 * than that makes both cached checkpoints unrecoverable, and the job restarts from ckpt.1 fetched
 * from the prefix, bit for bit, after a warning and an event-log entry that name the checkpoint
 * it skipped and the ranks and nodes that were lost.
 * MultiNodeRestartTest rebuilds every tolerated combination and ends where nothing was flushed;
 * this test goes on to the prefix.
 */
class EngineLossTest {
    private static final List<String> FOUR = List.of("node0", "node1", "node2", "node3");
    private static final Tally TALLY = new Tally("engine-loss");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static Stream<Arguments> schemes() {
        return Stream.of(
                Arguments.of("SINGLE", Set.of(), Set.of(2)),
                Arguments.of("PARTNER", Set.of(1), Set.of(1, 2)),
                Arguments.of("XOR", Set.of(2), Set.of(0, 3)),
                Arguments.of("RS", Set.of(1, 3), Set.of(0, 1, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemes")
    void aToleratedLossRestartsTheNewestCheckpointAndOneMoreFallsBackToTheFlushedOneNamingWhatWasLost(String scheme,
            Set<Integer> tolerated, Set<Integer> beyond) throws Exception {
        String level = "CKPT=0 INTERVAL=1 STORE=ram TYPE=" + scheme + " SET_SIZE=4 SET_FAILURES=2";
        try (MultiNodeJob job = new MultiNodeJob(dir, FOUR, 1 << 20, level, "SCR_FLUSH=1")) {
            job.run("write", "1", "1");
            // From here on nothing is flushed, not even by close(): ckpt.2 is in the cache only, beside ckpt.1.
            job.configure(level, "SCR_FLUSH=0");
            job.run("write", "2", "2");

            // SINGLE tolerates no lost node, and a restart with nothing lost is what every other test makes.
            if (!tolerated.isEmpty()) {
                TALLY.trial();
                job.wipe(names(tolerated));
                TALLY.fault("lost-nodes-" + tolerated.size());
                List<String> out = restart(job);
                MultiNodeJob.assertRestartedFrom("ckpt.2", out);
                String rebuilt = "rebuilt the part(s) of rank(s) " + List.copyOf(new TreeSet<>(tolerated)) + " of ckpt.2";
                assertTrue(out.get(0).contains(rebuilt), scheme + " after losing " + tolerated + ":\n" + out.get(0));
                TALLY.recovered();
            }

            TALLY.trial();
            job.wipe(names(beyond));
            TALLY.fault("lost-nodes-" + beyond.size());
            List<String> out = restart(job);
            MultiNodeJob.assertRestartedFrom("ckpt.1", out);
            assertTrue(out.get(0).contains("fetched checkpoint ckpt.1"), out.get(0));
            String warning = line(out.get(0), "cannot rebuild ckpt.2");
            JsonNode event = lostEvent(job, "ckpt.2");
            assertEquals(scheme, event.path("scheme").asText(), event.toString());
            assertEquals(String.join(",", new TreeSet<>(beyond).stream().map(String::valueOf).toList()),
                    event.path("lostRanks").asText(), event.toString());
            for (int r : beyond) {
                String named = r + " (now on " + FOUR.get(r) + ")";
                assertTrue(warning.contains(named), "the warning names rank " + r + " and its node: " + warning);
                assertTrue(event.path("reason").asText().contains(named), "the event names rank " + r + " and its node: "
                        + event);
            }
            TALLY.fallback();
        }
    }

    @AfterAll
    static void tally() {
        TALLY.write();
        assertEquals(0, TALLY.silentCorruptions(), "restarts that handed a rank bytes other than those it wrote");
    }

    /** A restart step; a rank that found other bytes than it wrote is a silent corruption, whatever else is checked. */
    private static List<String> restart(MultiNodeJob job) throws Exception {
        List<String> out = job.run("restart");
        out.stream().filter(o -> o.contains(" MISMATCH ")).forEach(o -> TALLY.silentCorruption());
        return out;
    }

    /** The one event of the job's event log (prefix/.scr4j/log) that records {@code name} as lost. */
    private static JsonNode lostEvent(MultiNodeJob job, String name) throws IOException {
        List<JsonNode> lost = new ArrayList<>();
        for (String l : Files.readAllLines(job.dir.resolve("prefix").resolve(".scr4j").resolve("log"))) {
            JsonNode event = JSON.readTree(l);
            if (event.path("event").asText().equals("rebuild-failed") && event.path("name").asText().equals(name)) {
                lost.add(event);
            }
        }
        assertEquals(1, lost.size(), "rebuild-failed events of " + name + ": " + lost);
        return lost.get(0);
    }

    private static String line(String output, String containing) {
        return output.lines().filter(l -> l.contains(containing)).findFirst()
                .orElseThrow(() -> new AssertionError("no line says '" + containing + "':\n" + output));
    }

    private static List<String> names(Set<Integer> lost) {
        List<String> names = new ArrayList<>();
        new TreeSet<>(lost).forEach(n -> names.add(FOUR.get(n)));
        return names;
    }
}
