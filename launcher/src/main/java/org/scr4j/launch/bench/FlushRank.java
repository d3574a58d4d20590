package org.scr4j.launch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scr4j.Flag;
import org.scr4j.Output;
import org.scr4j.Scr;
import org.scr4j.conf.ConfigLoader;
import org.scr4j.conf.ScrConfig;
import org.scr4j.group.Group;
import org.scr4j.group.net.JobGroups;

/**
 * One rank of {@code scr4j bench --flush}, in a JVM of its own on a simulated node. It checkpoints
 * with SINGLE, so no encode cost enters the comparison, in three job steps of the same checkpoints.
 *
 * <p>Synchronous flushes of every checkpoint: per round, the time inside {@code complete()}, the
 * flush's own seconds and bytes from the job's event log, then the same cached file copied to a
 * sibling directory under the prefix with the system {@code cp} and made durable with
 * {@code sync FILE} (an fsync, as the prefix tier's writer hsyncs, which is an fsync on a local
 * file system), timed between barriers; each flushed file is read back and its CRC32C compared
 * with the one written, and the dataset deleted before the next round, so every flush and every
 * cp writes to a prefix that holds nothing else. Asynchronous flushes of every checkpoint: the
 * time inside {@code complete()}. No flushes: the same, the floor of both. Between checkpoints the
 * application "computes" by sleeping 1.5 times the synchronous flush: computation that leaves the
 * disk to the background flush. Rank 0 prints one result line.
 */
public final class FlushRank {
    /** Where the plain copies go, beside the flushed datasets. */
    static final String CP_DIRECTORY = "bench.cp";
    /** How much longer than a synchronous flush the application computes between checkpoints. */
    static final double COMPUTE_FACTOR = 1.5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Group group;
    private final BenchGroup job;
    private final long bytes;
    private final String tierType;
    private final Path base;
    private final Path prefix;
    private final int rounds;
    private final BenchData data;

    private FlushRank(Group group, long bytes, String tierType, Path base, Path prefix, int rounds) {
        this.group = group;
        this.job = new BenchGroup(group, prefix);
        this.bytes = bytes;
        this.tierType = tierType;
        this.base = base;
        this.prefix = prefix;
        this.rounds = rounds;
        this.data = new BenchData(group.rank(), bytes);
    }

    /** Arguments: bytes-per-rank tier-type base prefix rounds. */
    public static void main(String[] args) throws Exception {
        ScrConfig config = ConfigLoader.fromEnvironment().load(Map.of());
        try (Group group = JobGroups.fromEnvironment(config, System.getenv())) {
            FlushRank rank = new FlushRank(group, Long.parseLong(args[0]), args[1], Path.of(args[2]), Path.of(args[3]),
                    Integer.parseInt(args[4]));
            Map<String, Object> result = rank.run();
            if (group.rank() == 0) {
                System.out.println(BenchRank.RESULT + JSON.writeValueAsString(result));
                System.out.flush();
            }
        }
    }

    /** The job's keys: SINGLE on the cache tier, every checkpoint or none flushed ({@code flush} is scr.flush). */
    private Map<String, String> overrides(String flush, boolean async) {
        // Room for a new checkpoint beside the newest, which is kept until the new one is committed.
        Map<String, String> o = BenchGroup.cacheJob(prefix, tierType, base, 2, "SINGLE");
        o.put("scr.flush", flush);
        o.put("scr.flush.async", Boolean.toString(async));
        o.put("scr.flush.async.bw", "0");
        // Bounds the prefix of the asynchronous run; the synchronous one deletes each dataset itself.
        o.put("scr.prefix.size", "2");
        return o;
    }

    /** A committed checkpoint: this rank's cached file, its CRC32C, and the job's longest time inside complete(). */
    private record Checkpoint(String name, Path file, long crc, double stallSeconds) {
    }

    private Map<String, Object> run() throws IOException {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("bench", "flush");
        result.put("scheme", "SINGLE");
        result.put("ranks", group.size());
        result.put("nodes", group.allGather(group.node()).stream().distinct().count());
        result.put("bytes_per_rank", bytes);
        result.put("bytes", bytes * group.size());
        result.put("tier", tierType);
        result.put("prefix", prefix.toString());
        result.put("rounds", rounds);

        // Synchronous: round 0 warms up (the JIT, the connections, the prefix's directories).
        List<Double> flush = new ArrayList<>();
        List<Double> cp = new ArrayList<>();
        List<Double> syncStall = new ArrayList<>();
        long flushed = 0;
        double compute = 0;
        try (Scr scr = Scr.init(group, overrides("1", false))) {
            for (int i = 0; i <= rounds; i++) {
                Checkpoint c = checkpoint(scr, "bench.flush.sync." + i);
                Map<String, Object> event = flushEvent(c.name());
                double flushSeconds = ((Number) event.get("seconds")).doubleValue();
                flushed = ((Number) event.get("bytes")).longValue();
                verifyFlushed(c);
                double cpSeconds = copyWithCp(c.file());
                scr.delete(c.name());
                if (i == 0) {
                    compute = COMPUTE_FACTOR * flushSeconds;
                } else {
                    flush.add(flushSeconds);
                    cp.add(cpSeconds);
                    syncStall.add(c.stallSeconds());
                }
                compute(compute);
            }
        }
        double flushSeconds = BenchGroup.median(flush);
        double cpSeconds = BenchGroup.median(cp);
        result.put("flush_seconds", flushSeconds);
        result.put("flushed_bytes", flushed);
        result.put("cp_seconds", cpSeconds);
        result.put("cp_command", "cp FILE DIR/; sync FILE (fsync of each copied file)");
        result.put("flush_durability", "hsync of each file (an fsync on a local file system), then rename");
        result.put("flush_bandwidth", bytes * group.size() / flushSeconds);
        result.put("cp_bandwidth", bytes * group.size() / cpSeconds);
        result.put("flush_ratio", cpSeconds / flushSeconds);
        double syncStallSeconds = BenchGroup.median(syncStall);
        result.put("sync_stall_seconds", syncStallSeconds);
        // Each round's figure too: on a shared machine the spread says how far to trust a median.
        result.put("flush_seconds_rounds", flush);
        result.put("cp_seconds_rounds", cp);
        result.put("sync_stall_seconds_rounds", syncStall);

        // Asynchronous: the same checkpoints, the application computing for longer than a flush takes.
        compute = COMPUTE_FACTOR * flushSeconds;
        result.put("compute_seconds", compute);
        List<Checkpoint> async = session("async", overrides("1", true), compute);
        // close() waited for the background flushes: every checkpoint must be on the prefix now.
        long asyncFlushes = job.events("flush").stream().map(e -> String.valueOf(e.get("name")))
                .filter(n -> n.startsWith("bench.flush.async.")).distinct().count();
        if (asyncFlushes != async.size()) {
            throw new IOException("with scr.flush.async=true and scr.flush=1, " + asyncFlushes + " of " + async.size()
                    + " checkpoints were recorded as flushed in the event log; see the log above");
        }
        Checkpoint last = async.get(async.size() - 1);
        flushEvent(last.name());
        verifyFlushed(last);
        double asyncStallSeconds = medianStall(async);
        result.put("async_stall_seconds", asyncStallSeconds);
        result.put("stall_ratio", asyncStallSeconds / syncStallSeconds);
        result.put("async_flushes", asyncFlushes);
        result.put("async_stall_seconds_rounds", stalls(async));

        // The floor of both: the same checkpoints never flushed, complete() committing to the cache only.
        List<Checkpoint> noflush = session("noflush", overrides("0", false), compute);
        double noflushStallSeconds = medianStall(noflush);
        result.put("noflush_stall_seconds", noflushStallSeconds);
        result.put("noflush_stall_seconds_rounds", stalls(noflush));
        result.put("noflush_stall_ratio", noflushStallSeconds / syncStallSeconds);
        return result;
    }

    /**
     * One job step of {@code rounds} + 1 checkpoints (the first warms up), computing after each;
     * returns them all. close() waits for any background flush.
     */
    private List<Checkpoint> session(String kind, Map<String, String> overrides, double compute) throws IOException {
        List<Checkpoint> all = new ArrayList<>();
        try (Scr scr = Scr.init(group, overrides)) {
            for (int i = 0; i <= rounds; i++) {
                all.add(checkpoint(scr, "bench.flush." + kind + "." + i));
                compute(compute);
            }
        }
        return all;
    }

    /** The median over the measured rounds (all but the warm-up) of the job's longest time inside complete(). */
    private static double medianStall(List<Checkpoint> checkpoints) {
        return BenchGroup.median(stalls(checkpoints));
    }

    private static List<Double> stalls(List<Checkpoint> checkpoints) {
        return checkpoints.subList(1, checkpoints.size()).stream().map(Checkpoint::stallSeconds).toList();
    }

    /**
     * Writes this rank's bytes and commits them. The ranks start {@code complete()} together, so
     * its time is the call's own and not the ranks' differences in writing.
     */
    private Checkpoint checkpoint(Scr scr, String name) throws IOException {
        try (Output out = scr.startOutput(name, Flag.CHECKPOINT)) {
            Path file = out.route("rank." + group.rank() + ".bin");
            long crc = data.write(file);
            group.barrier();
            long start = System.nanoTime();
            boolean committed = out.complete(true);
            long nanos = System.nanoTime() - start;
            if (!committed) {
                throw new IOException("checkpoint " + name + " was not committed; see the log above");
            }
            return new Checkpoint(name, file, crc, group.max(nanos) / 1e9);
        }
    }

    /** The flush event of a dataset; a checkpoint that scr.flush=1 should have flushed but did not fails the bench. */
    private Map<String, Object> flushEvent(String name) throws IOException {
        return job.events("flush").stream().filter(e -> name.equals(e.get("name"))).reduce((a, b) -> b)
                .orElseThrow(() -> new IOException("no flush of " + name + " in the event log " + prefix.resolve(".scr4j/log")
                        + "; see the log above"));
    }

    /** The prefix's copy of this rank's file must be the bytes the application wrote. */
    private void verifyFlushed(Checkpoint c) throws IOException {
        Path flushed = prefix.resolve(c.name()).resolve(c.file().getFileName().toString());
        long crc = BenchData.crc(flushed);
        if (crc != c.crc()) {
            throw new IOException("rank " + group.rank() + ": the flushed " + flushed + " has CRC32C " + Long.toHexString(crc)
                    + ", the file written " + Long.toHexString(c.crc()));
        }
    }

    /** The baseline: the system cp of the same cached file to the same file system, then an fsync of the copy. */
    private double copyWithCp(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("rank " + group.rank() + ": the cached file " + file + " is gone after the flush");
        }
        Path directory = Files.createDirectories(prefix.resolve(CP_DIRECTORY));
        Path copy = directory.resolve(file.getFileName().toString());
        double seconds = job.timed(() -> {
            command("cp", file.toString(), copy.toString());
            command("sync", copy.toString());
        });
        if (Files.size(copy) != Files.size(file)) {
            throw new IOException("cp left " + Files.size(copy) + " bytes in " + copy + ", not " + Files.size(file));
        }
        Files.delete(copy);
        return seconds;
    }

    private static void command(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int code = process.waitFor();
            if (code != 0) {
                throw new IOException(String.join(" ", command) + " exited with status " + code + ": " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", command) + " was interrupted", e);
        }
    }

    /** The application's computation between checkpoints: it leaves the disk and the job group to the flush. */
    private static void compute(double seconds) throws IOException {
        try {
            Thread.sleep(Math.round(seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while computing", e);
        }
    }
}
