package org.scr4j.launch.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The bench results as people read them: one line per scheme while it runs, a markdown table at the end. */
public final class BenchTable {
    private BenchTable() {
    }

    public static String line(Map<String, Object> r) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-8s checkpoint %s s (encode %s s), raw write %s s: %s of raw",
                r.get("scheme"), f(r.get("checkpoint_seconds")), f(r.get("encode_seconds")), f(r.get("raw_write_seconds")),
                pct(r.get("checkpoint_ratio"))));
        if (r.get("rebuild_seconds") != null) {
            s.append(String.format(Locale.ROOT, "; rebuild of one node %s s = %sx its raw write (%s s)", f(r.get("rebuild_seconds")),
                    f(r.get("rebuild_ratio")), f(r.get("raw_node_write_seconds"))));
        }
        if (r.get("rebuild2_seconds") != null) {
            s.append(String.format(Locale.ROOT, "; two nodes %s s", f(r.get("rebuild2_seconds"))));
        }
        return s.toString();
    }

    public static String markdown(List<Map<String, Object>> results) {
        StringBuilder s = new StringBuilder();
        s.append("| scheme | checkpoint s | encode s | raw write s | checkpoint / raw bandwidth | rebuild 1 node s |"
                + " raw write of its bytes s | rebuild / raw | rebuild 2 nodes s |\n");
        s.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : results) {
            s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", r.get("scheme"),
                    f(r.get("checkpoint_seconds")), f(r.get("encode_seconds")), f(r.get("raw_write_seconds")),
                    pct(r.get("checkpoint_ratio")), f(r.get("rebuild_seconds")), f(r.get("raw_node_write_seconds")),
                    r.get("rebuild_ratio") == null ? "-" : f(r.get("rebuild_ratio")) + "x", f(r.get("rebuild2_seconds"))));
        }
        return s.toString();
    }

    private static String f(Object value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.3f", ((Number) value).doubleValue());
    }

    private static String pct(Object value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * ((Number) value).doubleValue());
    }
}
