package org.scr4j.launch.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The bench results as people read them: one line per measurement while it runs, a markdown table at the end. */
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

    /** The line of a {@code --flush} result. */
    public static String flushLine(Map<String, Object> r) {
        return String.format(Locale.ROOT, "flush    %s: flush %s s (%s), cp + fsync %s s (%s): flush at %s of cp's bandwidth;"
                        + " in complete() %s s with synchronous flush, %s s with asynchronous: %s, %s s without flush"
                        + " (computing %s s between checkpoints)",
                mib(r.get("bytes")), f(r.get("flush_seconds")), rate(r.get("flush_bandwidth")), f(r.get("cp_seconds")),
                rate(r.get("cp_bandwidth")), pct(r.get("flush_ratio")), f(r.get("sync_stall_seconds")),
                f(r.get("async_stall_seconds")), pct1(r.get("stall_ratio")), f(r.get("noflush_stall_seconds")),
                f(r.get("compute_seconds")));
    }

    /** The table of {@code --flush} results. */
    public static String flushMarkdown(List<Map<String, Object>> results) {
        StringBuilder s = new StringBuilder();
        s.append("| ranks | bytes | tier | flush s | flush MiB/s | cp + fsync s | cp MiB/s | flush / cp bandwidth |"
                + " complete() sync flush s | complete() async flush s | async / sync | complete() no flush s | compute s |\n");
        s.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : results) {
            s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", r.get("ranks"),
                    mib(r.get("bytes")), r.get("tier"), f(r.get("flush_seconds")), mibs(r.get("flush_bandwidth")),
                    f(r.get("cp_seconds")), mibs(r.get("cp_bandwidth")), pct(r.get("flush_ratio")),
                    f(r.get("sync_stall_seconds")), f(r.get("async_stall_seconds")), pct1(r.get("stall_ratio")),
                    f(r.get("noflush_stall_seconds")), f(r.get("compute_seconds"))));
        }
        return s.toString();
    }

    private static String mib(Object bytes) {
        return bytes == null ? "-" : String.format(Locale.ROOT, "%.0f MiB", ((Number) bytes).doubleValue() / (1 << 20));
    }

    private static String mibs(Object bytesPerSecond) {
        return bytesPerSecond == null ? "-" : String.format(Locale.ROOT, "%.0f", ((Number) bytesPerSecond).doubleValue() / (1 << 20));
    }

    private static String rate(Object bytesPerSecond) {
        return bytesPerSecond == null ? "-" : mibs(bytesPerSecond) + " MiB/s";
    }

    private static String f(Object value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.3f", ((Number) value).doubleValue());
    }

    /** To a tenth of a percent: the stall target is 5%. */
    private static String pct1(Object value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * ((Number) value).doubleValue());
    }

    private static String pct(Object value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * ((Number) value).doubleValue());
    }
}
