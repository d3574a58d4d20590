package org.scr4j.launch.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.scr4j.advice.FailureKind;
import org.scr4j.advice.IntervalAdvice;
import org.scr4j.advice.JobHistory;
import org.scr4j.advice.LevelAdvice;
import org.scr4j.advice.Mtbf;
import org.scr4j.conf.Descriptor;
import org.scr4j.conf.ScrConfig;

/** What {@code scr4j advise} prints: the advice with every input it came from, as a table for people or JSON for scripts. */
record AdviceReport(String prefix, String log, IntervalAdvice advice, ScrConfig config) {
    private static final String[] HEADER = {"LEVEL", "TIER", "SCHEME", "SURVIVES", "CKPTS", "COST s", "FAILURES", "RUN h", "MTBF h",
        "YOUNG s", "DALY s", "EVERY"};
    private static final int WIDTH = 100;

    AdviceReport {
        requireNonNull(prefix, "prefix is null");
        requireNonNull(log, "log is null");
        requireNonNull(advice, "advice is null");
        requireNonNull(config, "config is null");
    }

    /** A setting to use, what the job's configuration has now, and why. */
    record Suggestion(String key, long value, String now, String why) {
    }

    List<String> lines() {
        List<String> out = new ArrayList<>();
        JobHistory history = advice.history();
        out.add("log " + log + ": " + history.events() + " event(s)");
        out.add(String.format(Locale.ROOT, "run time %s in %d run(s); failures: %s", hours(history.runSeconds()), history.runs(),
                history.failures().isEmpty() ? "none recorded" : String.format(Locale.ROOT, "%d (process %d, lost node %d)",
                        history.failures().size(), history.failures(FailureKind.PROCESS), history.failures(FailureKind.NODE))));
        if (!advice.levels().isEmpty()) {
            out.add("");
            out.addAll(table());
        }
        out.add("");
        List<Suggestion> settings = settings();
        if (settings.isEmpty()) {
            out.add("no advice yet: too little data (see the notes)");
        } else {
            out.add("settings:");
            for (Suggestion s : settings) {
                out.add(String.format(Locale.ROOT, "  %-28s (now %s): %s", s.key() + "=" + s.value(), s.now(), s.why()));
            }
            out.add("  or scr.checkpoint.interval.auto=true (now " + config.getBoolean("scr.checkpoint.interval.auto")
                    + "): needCheckpoint() follows this cadence, read again from the log as it grows");
        }
        out.add("");
        out.addAll(wrap("model: " + IntervalAdvice.MODEL, ""));
        List<String> notes = advice.notes();
        if (!notes.isEmpty()) {
            out.add("");
            out.add("notes:");
            notes.forEach(n -> out.add("- " + n)); // one line each, for grep
        }
        return out;
    }

    private List<String> table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (LevelAdvice r : advice.levels()) {
            String bound = r.lowerBound() ? ">=" : "";
            rows.add(new String[] {r.name(), r.tier(), r.scheme(), r.coverage().describe(), Integer.toString(r.checkpoints()),
                fixed(r.meanCost(), 2), Integer.toString(r.failures()), r.mtbf().map(m -> hours(m.runSeconds(), false)).orElse("-"),
                r.mtbf().map(m -> bound + hours(m.seconds(), false)).orElse("-"), seconds(r.young(), bound), seconds(r.daly(), bound),
                r.every().isPresent() ? Integer.toString(r.every().getAsInt()) : "-"});
        }
        int[] width = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String pad = " ".repeat(width[i] - row[i].length());
                line.append(i == 0 ? "" : "  ").append(i < 4 ? row[i] + pad : pad + row[i]); // numbers to the right
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    /** The settings that give the advised cadence, each with the job's value now. */
    List<Suggestion> settings() {
        List<Suggestion> out = new ArrayList<>();
        if (advice.checkpointSeconds().isEmpty()) {
            return out;
        }
        LevelAdvice pacing = advice.pacing().orElseThrow();
        out.add(new Suggestion("scr.checkpoint.seconds", advice.checkpointSeconds().getAsLong(),
                Long.toString(config.getLong("scr.checkpoint.seconds")), "Daly's interval of " + pacing.name() + ", the shortest"));
        advice.flushEvery().ifPresent(n -> out.add(new Suggestion("scr.flush", n, Integer.toString(config.getInt("scr.flush")),
                "flush " + everyNth(n))));
        for (Map.Entry<Integer, Integer> e : advice.levelEvery().entrySet()) {
            Optional<Descriptor> d = config.descriptors().stream().filter(x -> x.id() == e.getKey()).findFirst();
            // The INTERVAL=1 level takes every checkpoint no other level does; it has nothing to change.
            if (d.isPresent() && d.get().interval() != 1) {
                out.add(new Suggestion("scr.ckpt." + e.getKey() + ".interval", e.getValue(), Integer.toString(d.get().interval()),
                        "write level " + e.getKey() + " " + everyNth(e.getValue()) + " (CKPT=" + e.getKey()
                                + " INTERVAL=" + e.getValue() + ")"));
            }
        }
        return out;
    }

    String json() throws JsonProcessingException {
        JobHistory history = advice.history();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("prefix", prefix);
        root.put("log", log);
        root.put("events", history.events());
        root.put("runs", history.runs());
        root.put("runSeconds", history.runSeconds());
        root.put("unrecordedEnds", history.unrecordedEnds());
        Map<String, Object> failures = new LinkedHashMap<>();
        failures.put("total", history.failures().size());
        failures.put("process", history.failures(FailureKind.PROCESS));
        failures.put("node", history.failures(FailureKind.NODE));
        failures.put("survivedByNoLevel", advice.uncovered(FailureKind.PROCESS) + advice.uncovered(FailureKind.NODE));
        root.put("failures", failures);
        List<Map<String, Object>> levels = new ArrayList<>();
        for (LevelAdvice r : advice.levels()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("level", r.level().isPresent() ? r.level().getAsInt() : null);
            l.put("name", r.name());
            l.put("tier", r.tier());
            l.put("scheme", r.scheme());
            l.put("survives", r.coverage().name());
            l.put("checkpoints", r.checkpoints());
            l.put("meanCostSeconds", r.meanCost());
            l.put("backgroundFlushSeconds", value(r.backgroundFlush()));
            l.put("failures", r.failures());
            l.put("mtbfSeconds", r.mtbf().map(Mtbf::seconds).orElse(null));
            l.put("mtbfLowerBound", r.lowerBound());
            l.put("youngSeconds", value(r.young()));
            l.put("dalySeconds", value(r.daly()));
            l.put("every", r.every().isPresent() ? r.every().getAsInt() : null);
            levels.add(l);
        }
        root.put("levels", levels);
        root.put("intervalSeconds", advice.interval().map(d -> d.toNanos() / 1e9).orElse(null));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings().forEach(s -> settings.put(s.key(), s.value()));
        root.put("settings", settings);
        root.put("model", IntervalAdvice.MODEL);
        root.put("notes", advice.notes());
        root.put("skipped", history.skipped());
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    }

    private static Double value(OptionalDouble d) {
        return d.isPresent() ? d.getAsDouble() : null;
    }

    private static String seconds(OptionalDouble s, String bound) {
        return s.isPresent() ? bound + fixed(s.getAsDouble(), 1) : "-";
    }

    private static String hours(double seconds) {
        return hours(seconds, true);
    }

    private static String hours(double seconds, boolean unit) {
        return fixed(seconds / 3600, 2) + (unit ? " h" : "");
    }

    private static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** "every checkpoint", "every 2nd checkpoint", "every 11th checkpoint". */
    private static String everyNth(int n) {
        if (n == 1) {
            return "every checkpoint";
        }
        int mod100 = n % 100;
        String suffix = mod100 >= 11 && mod100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return "every " + n + suffix + " checkpoint";
    }

    /** Long lines broken at spaces to fit a terminal; later lines start with {@code indent}. */
    private static List<String> wrap(String text, String indent) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > WIDTH) {
                lines.add(line.toString());
                line = new StringBuilder(indent);
            }
            line.append(line.length() == 0 || line.toString().equals(indent) ? "" : " ").append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
