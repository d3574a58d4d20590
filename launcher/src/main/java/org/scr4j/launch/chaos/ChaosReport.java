package org.scr4j.launch.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The trials of one {@code scr4j chaos} run: a line per trial, the totals, and the JSON (per-trial
 * records and the totals in the reliability suite's schema). Every count is counted from the
 * trials' records: the faults that fired, the outcomes the verdicts gave.
 */
public final class ChaosReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final long seed;
    private final List<TrialRecord> records = new ArrayList<>();

    public ChaosReport(long seed) {
        this.seed = seed;
    }

    public void add(TrialRecord record) {
        records.add(record);
    }

    public List<TrialRecord> records() {
        return List.copyOf(records);
    }

    public long count(Outcome outcome) {
        return records.stream().filter(r -> r.outcome() == outcome).count();
    }

    /** Faults that fired, by kind, every kind present. */
    public Map<FaultKind, Long> faults() {
        Map<FaultKind, Long> counts = new EnumMap<>(FaultKind.class);
        for (FaultKind k : FaultKind.values()) {
            counts.put(k, records.stream().flatMap(r -> r.fired().stream()).filter(f -> f.fault().kind() == k).count());
        }
        return counts;
    }

    /** One line: the trial, its job, each fault and what it hit, the outcome and why, the seconds. */
    public static String line(TrialRecord r) {
        TrialPlan p = r.plan();
        List<String> faults = new ArrayList<>();
        for (int i = 0; i < p.faults().size(); i++) {
            int index = i;
            String target = r.fired().stream().filter(f -> f.index() == index).findFirst().map(f -> "[" + f.target() + "]")
                    .orElse("[did not fire]");
            faults.add(p.faults().get(i).describe() + " " + target);
        }
        return String.format("trial %d (seed %d): %s; %dx%d, %d steps; %s: %s (%s) %.1f s", p.trial(), p.seed(), p.describeJob(),
                p.size(), p.size(), p.steps(), String.join(", ", faults), r.outcome().label(), r.verdict().detail(), r.seconds());
    }

    /** The totals as a table. */
    public void printTotals(PrintStream out, double seconds) {
        out.printf("%nscr4j chaos: seed %d, %d trial(s) in %.0f s (%.1f s per trial)%n", seed, records.size(), seconds,
                records.stream().mapToDouble(TrialRecord::seconds).average().orElse(0));
        long notFired = records.stream().mapToLong(r -> r.plan().faults().size() - r.fired().size()).sum();
        String fired = faults().entrySet().stream().map(e -> e.getKey().label() + " " + e.getValue()).collect(Collectors.joining(", "));
        row(out, "faults fired", fired + (notFired == 0 ? "" : " (" + notFired + " planned did not fire: the job ended first)"));
        row(out, "recovered-newest", count(Outcome.RECOVERED_NEWEST)
                + "   restarted from the newest checkpoint committed before each fault");
        row(out, "recovered-older", count(Outcome.RECOVERED_OLDER)
                + "   fell back to an older checkpoint or to the start, the newer one lost by design");
        row(out, "refused", count(Outcome.REFUSED)
                + "   the launcher stopped by design and said why; on fresh nodes the job then finished");
        row(out, "failed", count(Outcome.FAILED) + trials(Outcome.FAILED));
        long corrupt = count(Outcome.SILENT_CORRUPTION);
        row(out, corrupt > 0 ? "SILENT CORRUPTIONS" : "silent corruptions", corrupt + trials(Outcome.SILENT_CORRUPTION));
    }

    private static void row(PrintStream out, String label, String value) {
        out.printf("  %-20s%s%n", label, value);
    }

    private String trials(Outcome outcome) {
        List<Integer> which = records.stream().filter(r -> r.outcome() == outcome).map(r -> r.plan().trial()).toList();
        return which.isEmpty() ? "" : "   trial(s) " + which;
    }

    /**
     * The totals in the reliability suite's schema: recovered (newest checkpoint), fallbacks
     * (older checkpoint or scratch), refused (the launcher stopped by design; the rerun on fresh
     * nodes was exact), silentCorruptions; failed besides. Each trial counts in exactly one.
     */
    public Map<String, Object> totals() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("suite", "chaos");
        t.put("trials", records.size());
        Map<String, Long> faults = new LinkedHashMap<>();
        faults().forEach((k, v) -> faults.put(k.label(), v));
        t.put("faults", faults);
        t.put("recovered", count(Outcome.RECOVERED_NEWEST));
        t.put("fallbacks", count(Outcome.RECOVERED_OLDER));
        t.put("refused", count(Outcome.REFUSED));
        t.put("silentCorruptions", count(Outcome.SILENT_CORRUPTION));
        t.put("failed", count(Outcome.FAILED));
        return t;
    }

    /** The totals, the seed, and one record per trial. */
    public void writeJson(Path file) throws IOException {
        Map<String, Object> all = new LinkedHashMap<>(totals());
        all.put("seed", seed);
        all.put("records", records.stream().map(ChaosReport::record).toList());
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(temp.toFile(), all);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Map<String, Object> record(TrialRecord r) {
        TrialPlan p = r.plan();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trial", p.trial());
        m.put("scheme", p.scheme());
        if (p.setFailures() > 0) {
            m.put("setFailures", p.setFailures());
        }
        m.put("nodes", p.nodes());
        m.put("spares", p.spares());
        m.put("minNodes", p.minNodes());
        m.put("runs", p.runs());
        m.put("cacheCount", p.cacheCount());
        m.put("size", p.size());
        m.put("steps", p.steps());
        m.put("stepMillis", p.stepMillis());
        m.put("checkpointInterval", p.interval());
        m.put("flushEvery", p.flushEvery());
        m.put("flushAsync", p.flushAsync());
        List<Map<String, Object>> faults = new ArrayList<>();
        for (int i = 0; i < p.faults().size(); i++) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("kind", p.faults().get(i).kind().label());
            f.put("planned", p.faults().get(i).describe());
            int index = i;
            FiredFault fired = r.fired().stream().filter(x -> x.index() == index).findFirst().orElse(null);
            f.put("fired", fired != null);
            if (fired != null) {
                f.put("atSeconds", Math.round(fired.seconds() * 100) / 100.0);
                f.put("target", fired.target());
                f.put("newestCommittedStep", fired.newestCommit());
                r.verdict().recoveries().stream().filter(x -> x.faultIndex() == index).findFirst().ifPresent(x -> {
                    x.restartStep().ifPresent(step -> f.put("restartedAtStep", step));
                    if (x.superseded()) {
                        f.put("supersededByNextFault", true);
                    }
                });
            }
            faults.add(f);
        }
        m.put("faults", faults);
        m.put("launches", r.launches());
        m.put("outcome", r.outcome().label());
        m.put("detail", r.verdict().detail());
        m.put("seconds", Math.round(r.seconds() * 10) / 10.0);
        return m;
    }
}
