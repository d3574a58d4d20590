package org.scr4j.launch.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The totals are counted from the trials' records: faults that fired, one outcome per trial. */
class ChaosReportTest {
    @TempDir
    Path dir;

    private static TrialRecord record(int trial, Outcome outcome, FaultKind... fired) {
        TrialPlan plan = TrialPlan.draw(1, trial);
        List<FiredFault> faults = new java.util.ArrayList<>();
        for (int i = 0; i < fired.length; i++) {
            faults.add(new FiredFault(i, new Fault(fired[i], 1, 0, 0, false), i, i, "n1", 10));
        }
        TrialVerdict verdict = new TrialVerdict(outcome, "detail " + trial, faults.stream()
                .map(f -> new TrialVerdict.Recovery(f.index(), 10, OptionalInt.of(10), false)).toList());
        return new TrialRecord(plan, faults, verdict, 2, 12.5);
    }

    @Test
    void theTotalsFollowTheReliabilitySchemaAndEachTrialCountsOnce() throws Exception {
        ChaosReport report = new ChaosReport(99);
        report.add(record(1, Outcome.RECOVERED_NEWEST, FaultKind.RANK_KILL, FaultKind.NODE_CRASH));
        report.add(record(2, Outcome.RECOVERED_OLDER, FaultKind.LAUNCHER_KILL));
        report.add(record(3, Outcome.REFUSED, FaultKind.NODE_CRASH));
        report.add(record(4, Outcome.SILENT_CORRUPTION));
        report.add(record(5, Outcome.FAILED, FaultKind.RANK_KILL));
        Map<String, Object> t = report.totals();
        assertEquals(List.of("suite", "trials", "faults", "recovered", "fallbacks", "refused", "silentCorruptions", "failed"),
                List.copyOf(t.keySet()));
        assertEquals("chaos", t.get("suite"));
        assertEquals(5, t.get("trials"));
        assertEquals(Map.of("rank-kill", 2L, "node-crash", 2L, "launcher-kill", 1L), t.get("faults"));
        assertEquals(1L, t.get("recovered"));
        assertEquals(1L, t.get("fallbacks"));
        assertEquals(1L, t.get("refused"));
        assertEquals(1L, t.get("silentCorruptions"));
        assertEquals(1L, t.get("failed"));

        Path file = dir.resolve("out/chaos.json");
        report.writeJson(file);
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals(99, json.get("seed").asLong());
        assertEquals(5, json.get("records").size());
        JsonNode first = json.get("records").get(0);
        assertEquals("recovered-newest", first.get("outcome").asText());
        assertEquals(TrialPlan.draw(1, 1).faults().size(), first.get("faults").size());
        assertEquals("SILENT-CORRUPTION", json.get("records").get(3).get("outcome").asText());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report.printTotals(new PrintStream(bytes, true, StandardCharsets.UTF_8), 60);
        String table = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("SILENT CORRUPTIONS  1   trial(s) [4]"), table);
        assertTrue(table.contains("failed              1   trial(s) [5]"), table);
    }
}
