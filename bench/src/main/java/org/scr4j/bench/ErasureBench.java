package org.scr4j.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.scr4j.erasure.ErasureCode;

/**
 * Runs the coder and copy benchmarks side by side in one JVM session and prints the table of
 * docs/performance.md: GB/s of data read per second, and each ratio from the same run.
 * {@code --quick} shortens warm-up and measurement for a smoke run.
 */
public final class ErasureBench {
    private ErasureBench() {
    }

    public static void main(String[] args) throws RunnerException {
        boolean quick = List.of(args).contains("--quick");
        List<RunResult> results = new ArrayList<>();
        results.addAll(run(quick, CoderBenchmark.class.getSimpleName(), "code", new String[] {"RS-8-2", "RS-6-3"},
                "erasures", new String[] {"0", "1", "2"}));
        results.addAll(run(quick, CoderBenchmark.class.getSimpleName(), "code", new String[] {"XOR-8-1"},
                "erasures", new String[] {"0", "1"}));
        results.addAll(run(quick, CopyBenchmark.class.getSimpleName(), null, null, null, null));
        System.out.println();
        System.out.print(table(results));
    }

    private static Collection<RunResult> run(boolean quick, String benchmark, String p1, String[] v1, String p2, String[] v2)
            throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder().include(benchmark + "\\.");
        if (p1 != null) {
            options.param(p1, v1).param(p2, v2);
        }
        if (quick) {
            options.warmupIterations(1).warmupTime(TimeValue.milliseconds(300))
                    .measurementIterations(2).measurementTime(TimeValue.milliseconds(300));
        }
        return new Runner(options.build()).run();
    }

    /** GB/s of data units read per second: a stripe reads k cells whatever the operation. */
    private static double gigabytesPerSecond(RunResult r) {
        Map<String, String> p = params(r);
        double score = r.getPrimaryResult().getScore();
        int cell = Integer.parseInt(p.get("cell"));
        int units = p.containsKey("code") ? Codes.parse(p.get("code")).dataUnits() : Integer.parseInt(p.get("units"));
        return score * units * (double) cell / 1e9;
    }

    private static Map<String, String> params(RunResult r) {
        Map<String, String> p = new LinkedHashMap<>();
        for (String key : r.getParams().getParamsKeys()) {
            p.put(key, r.getParams().getParam(key));
        }
        return p;
    }

    static String table(List<RunResult> results) {
        Map<String, Map<String, Double>> rows = new LinkedHashMap<>();
        Map<String, Double> copy = new LinkedHashMap<>();
        for (RunResult r : results) {
            Map<String, String> p = params(r);
            if (!p.containsKey("code")) {
                copy.put(p.get("cell") + " " + p.get("buffers"), gigabytesPerSecond(r));
                continue;
            }
            String op = p.get("erasures").equals("0") ? "encode" : "decode, " + p.get("erasures") + " lost";
            String key = p.get("code") + "|" + op + "|" + p.get("cell") + "|" + p.get("buffers");
            rows.computeIfAbsent(key, x -> new LinkedHashMap<>()).put(p.get("coder"), gigabytesPerSecond(r));
        }
        StringBuilder b = new StringBuilder();
        b.append("| code | operation | cell | buffers | vector GB/s | scalar GB/s | Hadoop GB/s | vector / Hadoop | scalar / Hadoop"
                + " | copy GB/s | vector / copy |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, Map<String, Double>> row : rows.entrySet()) {
            String[] k = row.getKey().split("\\|");
            Map<String, Double> v = row.getValue();
            double vector = v.getOrDefault("vector", Double.NaN);
            double scalar = v.getOrDefault("scalar", Double.NaN);
            double hadoop = v.getOrDefault("hadoop", Double.NaN);
            ErasureCode code = Codes.parse(k[0]);
            Double copyRate = code.dataUnits() == 8 ? copy.get(k[2] + " " + k[3]) : null;
            b.append(String.format("| %s | %s | %s | %s | %.2f | %.2f | %.2f | %.2fx | %.2fx | %s | %s |%n",
                    k[0], k[1], Integer.parseInt(k[2]) >= 1 << 20 ? (Integer.parseInt(k[2]) >> 20) + " MiB" : (Integer.parseInt(k[2]) >> 10) + " KiB",
                    k[3], vector, scalar, hadoop, vector / hadoop, scalar / hadoop,
                    copyRate == null ? "" : String.format("%.2f", copyRate),
                    copyRate == null ? "" : String.format("%.0f%%", 100 * vector / copyRate)));
        }
        return b.toString();
    }
}
