package org.scr4j.launch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.scr4j.Flag;
import org.scr4j.Output;
import org.scr4j.Restart;
import org.scr4j.Scr;
import org.scr4j.conf.ConfigLoader;
import org.scr4j.conf.ScrConfig;
import org.scr4j.group.Group;
import org.scr4j.group.net.JobGroups;

/**
 * One rank of {@code scr4j bench}, in a JVM of its own on a simulated node. For each scheme it
 * times, between barriers so every figure is the whole job's: a plain FileChannel write of its
 * bytes to the tier, a checkpoint of the same bytes through the library, and, after its node's
 * cache is wiped (two nodes for RS), the restart that rebuilds it; then it checks that the
 * restarted bytes are the ones written. Rank 0 prints one result line per scheme.
 */
public final class BenchRank {
    public static final String RESULT = "BENCH-RESULT ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Group group;
    private final long bytes;
    private final Path base;
    private final Path prefix;
    private final String tierType;
    private final int failures;
    private final BenchData data;
    private final int rounds;
    private final BenchGroup job;

    private BenchRank(Group group, long bytes, Path base, Path prefix, String tierType, int failures, int rounds) {
        this.rounds = rounds;
        this.group = group;
        this.bytes = bytes;
        this.base = base;
        this.prefix = prefix;
        this.tierType = tierType;
        this.failures = failures;
        this.data = new BenchData(group.rank(), bytes);
        this.job = new BenchGroup(group, prefix);
    }

    /** Arguments: bytes-per-rank schemes(comma-separated) tier-type base prefix failures rounds. */
    public static void main(String[] args) throws Exception {
        long bytes = Long.parseLong(args[0]);
        List<String> schemes = List.of(args[1].split(","));
        Path base = Path.of(args[3]);
        Path prefix = Path.of(args[4]);
        int failures = Integer.parseInt(args[5]);
        ScrConfig config = ConfigLoader.fromEnvironment().load(Map.of());
        try (Group group = JobGroups.fromEnvironment(config, System.getenv())) {
            BenchRank rank = new BenchRank(group, bytes, base, prefix, args[2], failures, Integer.parseInt(args[6]));
            for (String scheme : schemes) {
                Map<String, Object> result = rank.run(scheme);
                if (group.rank() == 0) {
                    System.out.println(RESULT + JSON.writeValueAsString(result));
                    System.out.flush();
                }
            }
        }
    }

    private Map<String, String> overrides(String scheme) {
        Map<String, String> o = BenchGroup.cacheJob(prefix, tierType, base, 1, scheme);
        o.put("scr.ckpt.0.set.size", Integer.toString(group.size()));
        o.put("scr.ckpt.0.set.failures", Integer.toString(failures));
        o.put("scr.flush", "0");
        return o;
    }

    private Path nodeDirectory() {
        return base.resolve(group.node());
    }

    /** One round: the raw write, the checkpoint, and for schemes that protect, the rebuilds; seconds by name. */
    private Map<String, Double> round(String scheme, String name, Map<String, String> overrides) throws IOException {
        Map<String, Double> t = new HashMap<>();
        Files.createDirectories(nodeDirectory());
        Path raw = nodeDirectory().resolve("raw.rank." + group.rank());
        t.put("raw_write_seconds", timed(() -> data.write(raw)));
        Files.delete(raw);

        long[] crc = new long[1];
        try (Scr scr = Scr.init(group, overrides)) {
            t.put("checkpoint_seconds", timed(() -> {
                try (Output out = scr.startOutput(name, Flag.CHECKPOINT)) {
                    crc[0] = data.write(out.route("rank." + group.rank() + ".bin"));
                    if (!out.complete(true)) {
                        throw new IOException("the checkpoint was not committed; see the log above");
                    }
                }
            }));
        }
        t.put("encode_seconds", lastEvent("checkpoint").map(e -> ((Number) e.get("encodeSeconds")).doubleValue()).orElseThrow());
        if (scheme.equals("SINGLE")) {
            restart(name, overrides, crc[0], false);
            deleteDataset(name, overrides);
            return t;
        }
        // The lost node's bytes, data and redundancy, written plainly by its own rank alone.
        int victim = group.size() - 1;
        long nodeBytes = Long.parseLong(group.allGather(Long.toString(bytes + redundancyBytes())).get(victim));
        t.put("node_bytes", (double) nodeBytes);
        t.put("raw_node_write_seconds", timed(() -> {
            if (group.rank() == victim) {
                Path file = nodeDirectory().resolve("raw.node");
                data.write(file, nodeBytes);
                Files.delete(file);
            }
        }));
        wipe(List.of(victim));
        t.put("rebuild_seconds", restart(name, overrides, crc[0], true));
        if (scheme.equals("RS") && failures >= 2 && group.size() >= 4) {
            wipe(List.of(victim, victim - 1));
            t.put("rebuild2_seconds", restart(name, overrides, crc[0], true));
        }
        deleteDataset(name, overrides);
        return t;
    }

    /**
     * A warm-up round (the JIT compiles, the data connections open), then {@code rounds} measured
     * ones; each figure reported is the median of its rounds, and each ratio that of the medians.
     */
    private Map<String, Object> run(String scheme) throws IOException {
        Map<String, String> overrides = overrides(scheme);
        String name = "bench." + scheme.toLowerCase();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scheme", scheme);
        result.put("ranks", group.size());
        result.put("nodes", group.allGather(group.node()).stream().distinct().count());
        result.put("bytes_per_rank", bytes);
        result.put("rounds", rounds);
        round(scheme, name, overrides);
        List<Map<String, Double>> measured = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            measured.add(round(scheme, name, overrides));
        }
        for (String key : List.of("checkpoint_seconds", "encode_seconds", "raw_write_seconds", "node_bytes",
                "raw_node_write_seconds", "rebuild_seconds", "rebuild2_seconds")) {
            if (measured.get(0).containsKey(key)) {
                double median = BenchGroup.median(measured.stream().map(m -> m.get(key)).toList());
                result.put(key, key.equals("node_bytes") ? (Object) (long) median : (Object) median);
            }
        }
        result.put("checkpoint_ratio", (Double) result.get("raw_write_seconds") / (Double) result.get("checkpoint_seconds"));
        if (result.containsKey("rebuild_seconds")) {
            result.put("rebuild_ratio", (Double) result.get("rebuild_seconds") / (Double) result.get("raw_node_write_seconds"));
        }
        return result;
    }

    /** Leaves the tier empty for the next scheme. */
    private void deleteDataset(String name, Map<String, String> overrides) {
        try (Scr scr = Scr.init(group, overrides)) {
            scr.delete(name);
        }
    }

    /** This rank's bytes under redundancy/ of its parts on the tier. */
    private long redundancyBytes() throws IOException {
        long total = 0;
        try (Stream<Path> files = Files.walk(nodeDirectory())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f) && f.toString().contains("/redundancy/")) {
                    total += Files.size(f);
                }
            }
        }
        return total;
    }

    /** The ranks of {@code victims}' nodes lose their whole cache, as when the node is replaced. */
    private void wipe(List<Integer> victims) throws IOException {
        group.barrier();
        if (victims.contains(group.rank())) {
            FileUtils.deleteDirectory(nodeDirectory().toFile());
        }
        group.barrier();
    }

    /** Restarts (rebuilding what was wiped), checks the restarted bytes; returns the rebuild's seconds from the log, if one was due. */
    private double restart(String name, Map<String, String> overrides, long expectedCrc, boolean rebuilds) throws IOException {
        long before = job.events("rebuild").size();
        try (Scr scr = Scr.init(group, overrides)) {
            Optional<String> found = scr.haveRestart();
            if (found.isEmpty() || !found.get().equals(name)) {
                throw new IOException("rank " + group.rank() + ": expected to restart from " + name + ", the library offers " + found);
            }
            try (Restart r = scr.startRestart(name)) {
                long crc = BenchData.crc(r.route("rank." + group.rank() + ".bin"));
                if (crc != expectedCrc) {
                    throw new IOException("rank " + group.rank() + ": the restarted file's CRC32C is " + Long.toHexString(crc)
                            + ", the written one's " + Long.toHexString(expectedCrc));
                }
                r.complete(true);
            }
        }
        if (!rebuilds) {
            return 0;
        }
        List<Map<String, Object>> rebuilt = job.events("rebuild");
        if (rebuilt.size() == before) {
            throw new IOException("the restart rebuilt nothing, though a node's cache was wiped; see the log above");
        }
        return ((Number) rebuilt.get(rebuilt.size() - 1).get("seconds")).doubleValue();
    }

    private Optional<Map<String, Object>> lastEvent(String kind) throws IOException {
        List<Map<String, Object>> all = job.events(kind);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    private double timed(BenchGroup.Work work) throws IOException {
        return job.timed(work);
    }
}
