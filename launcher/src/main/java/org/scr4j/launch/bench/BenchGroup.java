package org.scr4j.launch.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.scr4j.conf.ConfigLoader;
import org.scr4j.conf.ScrConfig;
import org.scr4j.control.ControlDirectory;
import org.scr4j.group.Group;

/**
 * What every bench rank needs besides the library: whole-job wall times between barriers, the
 * job's event log on the prefix read once and shared, and medians.
 */
final class BenchGroup {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Group group;
    private final Path prefix;

    BenchGroup(Group group, Path prefix) {
        this.group = requireNonNull(group, "group is null");
        this.prefix = requireNonNull(prefix, "prefix is null");
    }

    Group group() {
        return group;
    }

    @FunctionalInterface
    interface Work {
        void run() throws IOException;
    }

    /** Seconds from a barrier before {@code work} to a barrier after it: the whole job's wall time. */
    double timed(Work work) throws IOException {
        group.barrier();
        long start = System.nanoTime();
        work.run();
        group.barrier();
        return (System.nanoTime() - start) / 1e9;
    }

    /** Rank 0 reads the job's event log; every rank gets the same answer. */
    List<Map<String, Object>> events(String kind) throws IOException {
        List<Map<String, Object>> found = new ArrayList<>();
        if (group.rank() == 0) {
            ScrConfig config = ConfigLoader.fromEnvironment().load(Map.of());
            ControlDirectory control = ControlDirectory.open(prefix.toUri(), config.hadoopConfiguration());
            try {
                for (Map<String, Object> e : control.log().read()) {
                    if (kind.equals(e.get("event"))) {
                        found.add(e);
                    }
                }
            } finally {
                control.fileSystem().close();
            }
        }
        byte[] shared = group.broadcast(JSON.writeValueAsBytes(found));
        return JSON.readValue(shared, JSON.getTypeFactory().constructCollectionType(List.class, Map.class));
    }

    /**
     * The job keys both benches share: one cache tier of {@code tierType} under {@code base} per
     * node, keeping {@code count} datasets, every checkpoint at level 0 with {@code scheme}.
     */
    static Map<String, String> cacheJob(Path prefix, String tierType, Path base, int count, String scheme) {
        Map<String, String> o = new HashMap<>();
        o.put("scr.job.id", "bench");
        o.put("scr.prefix", prefix.toString());
        o.put("scr.tiers", "cache");
        o.put("scr.tier.cache.type", tierType);
        o.put("scr.tier.cache.base", base + "/${node}");
        o.put("scr.tier.cache.count", Integer.toString(count));
        o.put("scr.ckpt.0.interval", "1");
        o.put("scr.ckpt.0.store", "cache");
        o.put("scr.ckpt.0.type", scheme);
        o.put("scr.checkpoint.interval", "1");
        return o;
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
