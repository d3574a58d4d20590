package org.scr4j.launch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.scr4j.conf.Bytes;
import org.scr4j.group.net.JobSecret;
import org.scr4j.launch.bench.BenchRank;
import org.scr4j.launch.bench.BenchTable;
import org.scr4j.launch.bench.FlushRank;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * 'scr4j bench': like SCR's test_api, one rank per simulated node on this machine, each in its
 * own JVM, joined over TCP on 127.0.0.1. For each scheme it reports the checkpoint, encode and
 * rebuild seconds and, measured in the same run by the same processes, the plain write of the
 * same bytes to the same tier. With --flush it reports instead the flush to the prefix against
 * cp of the same files to the same file system, and the time the application spends inside
 * complete() with synchronous and with asynchronous flushes.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Checkpoint and rebuild bandwidth of each redundancy scheme, against a plain FileChannel write of"
            + " the same bytes to the same tier, with one rank (JVM) per simulated node on this machine.",
            "With --flush: flush bandwidth to the prefix against cp + fsync of the same files to the same file system,"
            + " and the time inside complete() with synchronous, asynchronous and no flushes (scheme SINGLE)."},
        footer = {"", "Example: scr4j bench --nodes 4 --size 64MiB --schemes XOR,RS",
            "Example: scr4j bench --tier ssd --base /local/ssd/bench --json bench.json",
            "Example: scr4j bench --flush --prefix /lustre/me/bench-prefix --json flush.json"})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--nodes", defaultValue = "4", description = "Simulated nodes, one rank each (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--size", defaultValue = "256MiB", paramLabel = "BYTES",
            description = "Bytes each rank checkpoints, such as 268435456 or 256MiB (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--schemes", defaultValue = "SINGLE,PARTNER,XOR,RS", split = ",",
            description = "Schemes to measure, in order (default: ${DEFAULT-VALUE}).")
    List<String> schemes;

    @Option(names = "--tier", defaultValue = "ramdisk", description = "Cache tier type: ramdisk or ssd (default: ${DEFAULT-VALUE}).")
    String tier;

    @Option(names = "--base", description = "Directory of the simulated nodes' caches (default: /dev/shm/scr4j-bench-PID for"
            + " ramdisk, TMPDIR/scr4j-bench-*/cache for ssd); emptied and removed at the end.")
    Path base;

    @Option(names = "--flush", description = "Measure flushing instead of the schemes: flush against cp + fsync of the same"
            + " files, and complete() with synchronous, asynchronous and no flushes (scheme SINGLE, every checkpoint flushed).")
    boolean flush;

    @Option(names = "--prefix", paramLabel = "DIR", description = "With --flush: the directory flushed to, new or empty"
            + " (default: TMPDIR/scr4j-bench-*/prefix, on local disk); removed at the end.")
    Path prefix;

    @Option(names = "--failures", defaultValue = "2", description = "RS parity units per set (default: ${DEFAULT-VALUE}).")
    int failures;

    @Option(names = "--heap", defaultValue = "512m", description = "-Xmx of each rank's JVM (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--rounds", defaultValue = "3",
            description = "Measured rounds per scheme, after one warm-up round; figures are medians (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as a JSON list to FILE.")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long bytes = parseSize();
        if (rounds < 1) {
            throw new ParameterException(spec.commandLine(), "--rounds must be at least 1, not " + rounds);
        }
        if (nodes < 1) {
            throw new ParameterException(spec.commandLine(), "--nodes must be at least 1, not " + nodes);
        }
        for (String s : schemes) {
            if (!List.of("SINGLE", "PARTNER", "XOR", "RS").contains(s)) {
                throw new ParameterException(spec.commandLine(), "--schemes: unknown scheme '" + s + "'; use SINGLE, PARTNER, XOR, RS");
            }
        }
        if (!tier.equals("ramdisk") && !tier.equals("ssd")) {
            throw new ParameterException(spec.commandLine(), "--tier must be ramdisk or ssd, not '" + tier + "'");
        }
        checkFlushOptions();
        long pid = ProcessHandle.current().pid();
        Path work = Files.createTempDirectory("scr4j-bench-");
        Path cache = base != null ? base : tier.equals("ramdisk") ? Path.of("/dev/shm/scr4j-bench-" + pid) : work.resolve("cache");
        Path target = prefix != null ? prefix.toAbsolutePath() : work.resolve("prefix");
        PrintWriter out = spec.commandLine().getOut();
        try {
            out.printf("scr4j bench%s: %d ranks on %d simulated nodes, %d bytes each, tier %s at %s%s%n", flush ? " --flush" : "",
                    nodes, nodes, bytes, tier, cache, flush ? ", prefix " + target : "");
            out.flush();
            List<Map<String, Object>> results;
            if (flush) {
                results = run(FlushRank.class.getName(), List.of(Long.toString(bytes), tier, cache.toString(), target.toString(),
                        Integer.toString(rounds)), 1, BenchTable::flushLine, work, out);
            } else {
                results = run(BenchRank.class.getName(), List.of(Long.toString(bytes), String.join(",", schemes), tier,
                        cache.toString(), target.toString(), Integer.toString(failures), Integer.toString(rounds)), schemes.size(),
                        BenchTable::line, work, out);
            }
            out.println();
            out.print(flush ? BenchTable.flushMarkdown(results) : BenchTable.markdown(results));
            if (json != null) {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), results);
                out.println("wrote " + json);
            }
            out.flush();
            return 0;
        } finally {
            FileUtils.deleteQuietly(cache.toFile());
            FileUtils.deleteQuietly(target.toFile());
            FileUtils.deleteQuietly(work.toFile());
        }
    }

    /** The flush bench has one scheme and its own target; a given --prefix is removed at the end, so it must hold nothing. */
    private void checkFlushOptions() throws IOException {
        ParseResult parsed = spec.commandLine().getParseResult();
        if (flush) {
            for (String option : List.of("--schemes", "--failures")) {
                if (parsed.hasMatchedOption(option)) {
                    throw new ParameterException(spec.commandLine(), option + " does not apply to --flush: the flush bench"
                            + " checkpoints with SINGLE, so that no encode cost enters the comparison");
                }
            }
        } else if (prefix != null) {
            throw new ParameterException(spec.commandLine(), "--prefix applies to --flush only");
        }
        if (prefix != null && Files.exists(prefix) && !isEmptyDirectory(prefix)) {
            throw new ParameterException(spec.commandLine(), "--prefix " + prefix + " is not an empty directory; the bench"
                    + " removes its prefix at the end, so give a new one, such as " + prefix.resolve("scr4j-bench"));
        }
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private long parseSize() {
        try {
            long bytes = Bytes.parse(size);
            if (bytes < 1) {
                throw new IllegalArgumentException("must be positive");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--size '" + size + "': " + e.getMessage()
                    + "; give bytes such as 268435456 or 256MiB");
        }
    }

    /** Starts one rank JVM of {@code mainClass} per node and collects rank 0's {@code expected} result lines. */
    private List<Map<String, Object>> run(String mainClass, List<String> args, int expected,
            Function<Map<String, Object>, String> format, Path work, PrintWriter out) throws Exception {
        Path secret = JobSecret.create(work.resolve("secret"));
        int port = freePort();
        List<ChildJvm> ranks = new ArrayList<>();
        List<Map<String, Object>> results = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        try {
            for (int r = 0; r < nodes; r++) {
                Map<String, String> env = new HashMap<>();
                env.put("SCR4J_RENDEZVOUS", "127.0.0.1:" + port);
                env.put("SCR4J_RANK", Integer.toString(r));
                env.put("SCR4J_SIZE", Integer.toString(nodes));
                env.put("SCR4J_NODE", "node" + r);
                env.put("SCR4J_SECRET_FILE", secret.toString());
                ranks.add(ChildJvm.start(List.of("-Xmx" + heap), mainClass, args, env, work));
            }
            while (ranks.get(0).follow(line -> {
            }, line -> line.startsWith(BenchRank.RESULT), 3600) != null) {
                List<String> seen = ranks.get(0).output();
                @SuppressWarnings("unchecked")
                Map<String, Object> result = mapper.readValue(seen.get(seen.size() - 1).substring(BenchRank.RESULT.length()), Map.class);
                results.add(result);
                out.println("  " + format.apply(result));
                out.flush();
            }
            for (int r = 0; r < nodes; r++) {
                int code = ranks.get(r).waitFor(600);
                if (code != 0) {
                    throw new IOException("rank " + r + " (pid " + ranks.get(r).pid() + ") exited with status " + code
                            + "; its error output is above");
                }
            }
            if (results.size() != expected) {
                throw new IOException("rank 0 reported " + results.size() + " of " + expected + " results");
            }
            return results;
        } finally {
            for (ChildJvm rank : ranks) {
                rank.close();
            }
        }
    }

    /** A port the kernel says is free now; rank 0 listens on it. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
