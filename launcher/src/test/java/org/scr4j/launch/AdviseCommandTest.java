package org.scr4j.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.control.ControlDirectory;

/** 'scr4j advise' on a log written through the job's EventLog, its times then set to those of a job that ran for hours. */
class AdviseCommandTest {
    private static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Path prefix;
    private final List<Double> times = new ArrayList<>();
    private final List<Map<String, Object>> events = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        prefix = Files.createDirectories(dir.resolve("prefix"));
    }

    private AdviseCommandTest at(double second, Object... fields) {
        Map<String, Object> e = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            e.put((String) fields[i], fields[i + 1]);
        }
        times.add(second);
        events.add(e);
        return this;
    }

    private AdviseCommandTest start(double second) {
        return at(second, "event", "start", "ranks", 8, "nodes", 4);
    }

    private AdviseCommandTest checkpoint(double second, long id, int level, String scheme, double seconds) {
        return at(second, "event", "checkpoint", "id", id, "name", "ckpt." + id, "checkpointId", id, "tier", "ram", "scheme", scheme,
                "level", level, "seconds", seconds, "encodeSeconds", 0.5, "bytes", 1L << 30, "ranks", 8);
    }

    private AdviseCommandTest flush(double second, long id, double seconds, boolean async) {
        return at(second, "event", "flush", "id", id, "name", "ckpt." + id, "seconds", seconds, "bytes", 1L << 30, "ranks", 8,
                "async", async);
    }

    private AdviseCommandTest failure(double second, int run, String node, String cause) {
        return at(second, "event", "failure", "run", run, "node", node, "cause", cause);
    }

    /** Appends the events through EventLog, as the library and the launcher do, then gives each its scripted time. */
    private void write() throws Exception {
        ControlDirectory control = ControlDirectory.open(prefix.toUri(), new Configuration());
        try {
            for (Map<String, Object> e : events) {
                control.log().append(e);
            }
        } finally {
            control.fileSystem().close();
        }
        Path log = prefix.resolve(".scr4j/log");
        List<String> lines = Files.readAllLines(log);
        assertEquals(events.size(), lines.size());
        List<String> retimed = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            ObjectNode event = (ObjectNode) JSON.readTree(lines.get(i));
            event.put("time", T0.plusMillis(Math.round(times.get(i) * 1000)).toString());
            retimed.add(JSON.writeValueAsString(event));
        }
        Files.write(log, retimed);
    }

    /**
     * Three one-hour runs of a SINGLE level flushed every other checkpoint: two end in a process
     * failure (SINGLE survives them), one in a lost node (only the prefix does).
     */
    private void singleLevelFlushedEveryOther() throws Exception {
        at(0, "event", "allocation", "job", "7", "backend", "local", "nodes", "n1,n2,n3,n4", "start", T0.toString(), "end", "unknown")
                .start(0).checkpoint(100, 1, 0, "SINGLE", 3).checkpoint(200, 2, 0, "SINGLE", 3).flush(245, 2, 42, false)
                .failure(3600, 1, "n1", "rank 3 exited with code 1")
                .start(3700).checkpoint(3800, 3, 0, "SINGLE", 3).failure(7300, 2, "-", "hang: no heartbeat for 60 s")
                .start(7400).checkpoint(7500, 4, 0, "SINGLE", 3).flush(7545, 4, 42, false)
                .failure(11000, 3, "n2", "node down: the node did not answer");
        write();
    }

    /** The cells of the table row that starts with {@code name}: columns are two or more spaces apart. */
    private static List<String> row(String out, String name) {
        return out.lines().filter(l -> l.startsWith(name)).findFirst().map(l -> List.of(l.split("\\s{2,}"))).orElseThrow(
                () -> new AssertionError("no row " + name + " in:\n" + out));
    }

    private Scr4jProcess.Result advise(String... args) {
        List<String> all = new ArrayList<>(List.of("advise", "--prefix", prefix.toString()));
        all.addAll(List.of(args));
        return InProcess.run(all.toArray(String[]::new));
    }

    @Test
    void printsPerLevelTheCostFailuresMtbfAndIntervals_andTheSettingsThatGiveThem() throws Exception {
        singleLevelFlushedEveryOther();
        Scr4jProcess.Result r = advise();
        assertEquals(0, r.exitCode(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals("log " + prefix + "/.scr4j/log: 13 event(s)", lines.get(0));
        assertEquals("run time 3.00 h in 3 run(s); failures: 3 (process 2, lost node 1)", lines.get(1));
        // C = 3 s, M = 3 h / 2 process failures: Young sqrt(2*3*5400) = 180.0, Daly 178.0;
        // the prefix: C = 3 + 42 s of synchronous flush, M = 3 h / 1 lost node: Young 985.9, Daly 956.1 = 5.37 x 178.0
        assertEquals(List.of(
                "LEVEL    TIER    SCHEME  SURVIVES          CKPTS  COST s  FAILURES  RUN h  MTBF h  YOUNG s  DALY s  EVERY",
                "level 0  ram     SINGLE  process failures      4    3.00         2   3.00    1.50    180.0   178.0      1",
                "prefix   prefix  -       any failure           2   45.00         1   3.00    3.00    985.9   956.1      5"),
                lines.subList(3, 6));
        assertTrue(r.out().contains("settings:\n"
                + "  scr.checkpoint.seconds=178   (now 0): Daly's interval of level 0, the shortest\n"
                + "  scr.flush=5                  (now 10): flush every 5th checkpoint\n"
                + "  or scr.checkpoint.interval.auto=true (now false): needCheckpoint() follows this cadence"), r.out());
        assertTrue(r.out().contains("model: Each failure is charged to the weakest level that survives it"), r.out());
        assertTrue(!r.out().contains("notes:"), "nothing to warn about: " + r.out());
    }

    @Test
    void jsonCarriesTheSameNumbersForScripts() throws Exception {
        singleLevelFlushedEveryOther();
        Scr4jProcess.Result r = advise("--json");
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode root = JSON.readTree(r.out());
        assertEquals(3, root.get("runs").asInt());
        assertEquals(10800, root.get("runSeconds").asDouble(), 1e-6);
        assertEquals(2, root.get("failures").get("process").asInt());
        assertEquals(1, root.get("failures").get("node").asInt());
        JsonNode single = root.get("levels").get(0);
        assertEquals(0, single.get("level").asInt());
        assertEquals("PROCESS", single.get("survives").asText());
        assertEquals(5400, single.get("mtbfSeconds").asDouble(), 1e-6);
        assertEquals(180.0, single.get("youngSeconds").asDouble(), 1e-3);
        assertEquals(178.006, single.get("dalySeconds").asDouble(), 1e-3);
        JsonNode prefixLevel = root.get("levels").get(1);
        assertTrue(prefixLevel.get("level").isNull());
        assertEquals(45, prefixLevel.get("meanCostSeconds").asDouble(), 1e-9);
        assertEquals(956.129, prefixLevel.get("dalySeconds").asDouble(), 1e-3);
        assertEquals(178.006, root.get("intervalSeconds").asDouble(), 1e-3);
        assertEquals(Map.of("scr.checkpoint.seconds", 178, "scr.flush", 5),
                JSON.convertValue(root.get("settings"), Map.class));
        assertEquals(0, root.get("notes").size());
    }

    @Test
    void severalLevels_theJobsDescriptorsSayWhichIntervalsToChange() throws Exception {
        double t = 0;
        long id = 1;
        for (int run = 1; run <= 6; run++) {
            start(t).checkpoint(t + 10, id, 0, "SINGLE", 2).checkpoint(t + 20, id + 1, 1, "XOR", 20).flush(t + 62, id + 1, 42, false);
            id += 2;
            failure(t + 3600, run, "n" + run, run % 3 == 0 ? "node down: crashed" : "rank 0 exited with code 137");
            t += 3600;
        }
        write();
        Path job = Files.writeString(dir.resolve("job.conf"), "SCR_FLUSH=10\nCKPT=0 INTERVAL=1 TYPE=SINGLE\nCKPT=1 INTERVAL=8 TYPE=XOR\n");
        Scr4jProcess.Result r = advise("--conf", job.toString());
        assertEquals(0, r.exitCode(), r.toString());
        // SINGLE: C 2 s, M 6 h / 4 = 1.5 h; XOR: C 20 s, M 6 h / 2 = 3 h; the prefix: C 62 s, no failure needed it, M >= 6 h
        assertEquals(List.of("level 0", "ram", "SINGLE", "process failures", "6", "2.00", "4", "6.00", "1.50", "147.0", "145.6", "1"),
                row(r.out(), "level 0"));
        assertEquals(List.of("level 1", "ram", "XOR", "lost nodes", "6", "20.00", "2", "6.00", "3.00", "657.3", "644.0", "4"),
                row(r.out(), "level 1"));
        assertEquals(List.of("prefix", "prefix", "-", "any failure", "6", "62.00", "0", "6.00", ">=6.00", ">=1636.6", ">=1595.5",
                "11"), row(r.out(), "prefix "));
        assertTrue(r.out().contains("  scr.checkpoint.seconds=146   (now 0): Daly's interval of level 0, the shortest\n"
                + "  scr.flush=11                 (now 10): flush every 11th checkpoint\n"
                + "  scr.ckpt.1.interval=4        (now 8): write level 1 every 4th checkpoint (CKPT=1 INTERVAL=4)\n"), r.out());
        assertTrue(r.out().contains("- prefix: no failure needed it in 6.00 h of run time, so its MTBF is at least that and its"
                + " intervals are lower bounds"), r.out());
    }

    @Test
    void withNoFailureTheIntervalsAreMarkedAsLowerBounds() throws Exception {
        start(0).checkpoint(100, 1, 0, "XOR", 10).at(3600, "event", "finalize");
        write();
        Scr4jProcess.Result r = advise();
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(List.of("level 0", "ram", "XOR", "lost nodes", "1", "10.00", "0", "1.00", ">=1.00", ">=268.3", ">=261.7", "1"),
                row(r.out(), "level 0"));
        assertTrue(r.out().contains("failures: none recorded"), r.out());
        assertTrue(r.out().contains("scr.checkpoint.seconds=262"), r.out());
        assertTrue(r.out().contains("- no failure recorded in 1.00 h of run time: each MTBF is only known to be at least that"),
                r.out());
    }

    @Test
    void aLogWithTooLittleDataSaysWhatIsMissing() throws Exception {
        start(0).at(60, "event", "finalize");
        write();
        Scr4jProcess.Result r = advise();
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("no advice yet: too little data (see the notes)"), r.out());
        assertTrue(r.out().contains("- no checkpoint cost in the log yet: run the job with scr4j, which logs what each checkpoint"
                + " cost"), r.out());
        assertTrue(JSON.readTree(advise("--json").out()).get("intervalSeconds").isNull());
    }

    @Test
    void eventsItCannotUseAreSkippedAndNamed() throws Exception {
        start(0).checkpoint(100, 1, 0, "XOR", 10).at(200, "event", "checkpoint", "id", 2, "seconds", 5.0).at(3600, "event", "finalize");
        write();
        Files.writeString(prefix.resolve(".scr4j/log"), "{\"event\": \"checkp\n", java.nio.file.StandardOpenOption.APPEND);
        Scr4jProcess.Result r = advise();
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("- 1 event(s) skipped: event 3 (checkpoint): no \"level\" (a log written before checkpoints"
                + " named their level)"), r.out());
        assertTrue(r.out().contains("scr.checkpoint.seconds=262"), "the good events still count: " + r.out());
    }

    @Test
    void aPrefixNoJobHasUsedIsAClearError() throws Exception {
        Scr4jProcess.Result r = advise();
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("scr4j: no job log at " + prefix + "/.scr4j/log: run a job with SCR_PREFIX=" + prefix + " first (or give the"
                + " job's prefix with --prefix DIR)\n", r.err());

        Files.createDirectories(prefix.resolve(".scr4j")); // e.g. a halt set before the job first ran
        assertEquals(r.err(), advise().err());

        Scr4jProcess.Result nowhere = InProcess.run("advise", "--prefix", dir.resolve("nowhere").toString());
        assertEquals(2, nowhere.exitCode(), nowhere.toString());
        assertTrue(nowhere.err().contains("nowhere (--prefix) does not exist"), nowhere.err());
    }
}
