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
import org.apache.commons.io.FileUtils;
import org.scr4j.conf.Bytes;
import org.scr4j.group.net.JobSecret;
import org.scr4j.launch.bench.BenchRank;
import org.scr4j.launch.bench.BenchTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * 'scr4j bench': like SCR's test_api, one rank per simulated node on this machine, each in its
 * own JVM, joined over TCP on 127.0.0.1. For each scheme it reports the checkpoint, encode and
 * rebuild seconds and, measured in the same run by the same processes, the plain write of the
 * same bytes to the same tier.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Checkpoint and rebuild bandwidth of each redundancy scheme, against a plain FileChannel write of",
            "the same bytes to the same tier, with one rank (JVM) per simulated node on this machine."},
        footer = {"", "Example: scr4j bench --nodes 4 --size 64MiB --schemes XOR,RS",
            "Example: scr4j bench --tier ssd --base /local/ssd/bench --json bench.json"})
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
            + " ramdisk, /tmp/scr4j-bench-PID/cache for ssd); emptied and removed at the end.")
    Path base;

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
        long pid = ProcessHandle.current().pid();
        Path work = Files.createTempDirectory("scr4j-bench-");
        Path cache = base != null ? base : tier.equals("ramdisk") ? Path.of("/dev/shm/scr4j-bench-" + pid) : work.resolve("cache");
        PrintWriter out = spec.commandLine().getOut();
        try {
            List<Map<String, Object>> results = run(bytes, cache, work, out);
            out.println();
            out.print(BenchTable.markdown(results));
            if (json != null) {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), results);
                out.println("wrote " + json);
            }
            out.flush();
            return 0;
        } finally {
            FileUtils.deleteQuietly(cache.toFile());
            FileUtils.deleteQuietly(work.toFile());
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

    private List<Map<String, Object>> run(long bytes, Path cache, Path work, PrintWriter out) throws Exception {
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
                ranks.add(ChildJvm.start(List.of("-Xmx" + heap), BenchRank.class.getName(), List.of(Long.toString(bytes),
                        String.join(",", schemes), tier, cache.toString(), work.resolve("prefix").toString(),
                        Integer.toString(failures), Integer.toString(rounds)), env, work));
            }
            out.printf("scr4j bench: %d ranks on %d simulated nodes, %d bytes each, tier %s at %s%n", nodes, nodes, bytes, tier, cache);
            out.flush();
            while (ranks.get(0).follow(line -> {
            }, line -> line.startsWith(BenchRank.RESULT), 3600) != null) {
                List<String> seen = ranks.get(0).output();
                @SuppressWarnings("unchecked")
                Map<String, Object> result = mapper.readValue(seen.get(seen.size() - 1).substring(BenchRank.RESULT.length()), Map.class);
                results.add(result);
                out.println("  " + BenchTable.line(result));
                out.flush();
            }
            for (int r = 0; r < nodes; r++) {
                int code = ranks.get(r).waitFor(600);
                if (code != 0) {
                    throw new IOException("rank " + r + " (pid " + ranks.get(r).pid() + ") exited with status " + code
                            + "; its error output is above");
                }
            }
            if (results.size() != schemes.size()) {
                throw new IOException("rank 0 reported " + results.size() + " of " + schemes.size() + " schemes");
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
