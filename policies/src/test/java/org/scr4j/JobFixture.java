package org.scr4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.scr4j.control.ControlDirectory;
import org.scr4j.control.HaltRecord;
import org.scr4j.group.Group;
import org.scr4j.group.GroupException;
import org.scr4j.group.InProcessGroup;

/**
 * A job's directories (prefix, cache) under a test's temporary directory, its ranks as threads of
 * this JVM, and what a test needs to look at the files scr4j leaves behind: the cache directories,
 * the prefix, the index, the manifests and the event log, read as plain files and JSON.
 */
final class JobFixture {
    static final String NODE = "node0";
    /** A job step that is still running after this long is deadlocked: its group is broken and the test fails. */
    private static final long HANG_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CACHE_DIR = Pattern.compile("dataset\\.(\\d+)\\.rank\\.(\\d+)");

    final Path prefix;
    final Path cacheBase;
    final Map<String, String> settings = new HashMap<>();

    JobFixture(Path dir) throws IOException {
        this.prefix = Files.createDirectories(dir.resolve("prefix"));
        this.cacheBase = Files.createDirectories(dir.resolve("cache"));
        settings.put("SCR_PREFIX", prefix.toString());
        settings.put("SCR_CACHE_BASE", cacheBase.toString());
        settings.put("SCR_JOB_ID", "job1");
    }

    JobFixture set(String key, String value) {
        settings.put(key, value);
        return this;
    }

    @FunctionalInterface
    interface RankBody<T> {
        T run(Scr scr, Group group) throws Exception;
    }

    /**
     * Runs one job step of {@code ranks} threads, each with its own Scr, and returns each rank's
     * result in rank order. Scr is closed collectively when every rank's body returned. When a rank
     * fails, the group is broken at once (so no rank waits forever in a collective, and no
     * collective close() is mixed with another rank's call) and the first real failure is thrown.
     */
    <T> List<T> run(int ranks, RankBody<T> body) throws Exception {
        InProcessGroup group = new InProcessGroup(ranks, NODE);
        List<T> results = new ArrayList<>(Collections.nCopies(ranks, null));
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < ranks; r++) {
            int rank = r;
            Thread t = new Thread(() -> {
                Group member = group.member(rank);
                Scr scr = null;
                try {
                    scr = Scr.init(member, settings);
                    T result = body.run(scr, member);
                    scr.close();
                    results.set(rank, result);
                } catch (Throwable e) {
                    failures.add(e);
                    group.abort(e);
                    if (scr != null) {
                        try {
                            scr.close(); // releases the tiers; its collectives fail fast on the broken group
                        } catch (RuntimeException closing) {
                            // the failure above is the one to report
                        }
                    }
                }
            }, "rank-" + rank);
            threads.add(t);
            t.start();
        }
        join(threads, group);
        if (!failures.isEmpty()) {
            Throwable first = failures.stream().filter(f -> !(f instanceof GroupException)).findFirst().orElse(failures.get(0));
            failures.stream().filter(f -> f != first).forEach(first::addSuppressed);
            if (first instanceof Exception e) {
                throw e;
            }
            throw (Error) first;
        }
        return results;
    }

    /** Each rank's exception from {@code Scr.init} (null for a rank that started). */
    List<Throwable> initFailures(int ranks) throws Exception {
        List<Throwable> thrown = new ArrayList<>(Collections.nCopies(ranks, null));
        InProcessGroup group = new InProcessGroup(ranks, NODE);
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < ranks; r++) {
            int rank = r;
            Thread t = new Thread(() -> {
                try (Scr scr = Scr.init(group.member(rank), settings)) {
                    thrown.set(rank, null);
                } catch (Throwable e) {
                    thrown.set(rank, e);
                }
            }, "rank-" + rank);
            threads.add(t);
            t.start();
        }
        join(threads, group);
        return thrown;
    }

    private static void join(List<Thread> threads, InProcessGroup group) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS);
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        if (threads.stream().anyMatch(Thread::isAlive)) {
            AssertionError hang = new AssertionError("the job step was still running after " + HANG_SECONDS
                    + " s: its ranks are stuck in mismatched collectives");
            group.abort(hang);
            for (Thread t : threads) {
                t.join(10_000);
            }
            throw hang;
        }
    }

    // ---------------------------------------------------------------- what the application writes

    /** The file rank r writes in every checkpoint of these tests. */
    static String stateFile(int rank) {
        return "rank." + rank + "/state.bin";
    }

    /** Deterministic pseudo-random bytes, different for every dataset, rank and file. */
    static byte[] content(String dataset, int rank, String file, int size) {
        byte[] bytes = new byte[size];
        new SplittableRandom((dataset + "|" + rank + "|" + file).hashCode() * 0x9E3779B97F4A7C15L).nextBytes(bytes);
        return bytes;
    }

    /** Rank r's state in checkpoint {@code name}: a few KiB, a different length on every rank. */
    static byte[] state(String name, int rank) {
        return content(name, rank, stateFile(rank), 4096 + 17 * rank);
    }

    static Path write(Output out, String file, byte[] bytes) throws IOException {
        Path path = out.route(file);
        Files.write(path, bytes);
        return path;
    }

    /** Writes this rank's state as checkpoint {@code name} and completes it as valid; returns complete's answer. */
    static boolean checkpoint(Scr scr, String name) throws IOException {
        try (Output out = scr.startOutput(name, Flag.CHECKPOINT)) {
            write(out, stateFile(scr.rank()), state(name, scr.rank()));
            return out.complete(true);
        }
    }

    /** Writes checkpoints {@code first}..{@code last} named ckpt.N, each must complete. */
    static void checkpoints(Scr scr, int first, int last) throws IOException {
        for (int i = first; i <= last; i++) {
            if (!checkpoint(scr, "ckpt." + i)) {
                throw new AssertionError("checkpoint ckpt." + i + " did not complete on rank " + scr.rank());
            }
        }
    }

    /**
     * What a restarting application does: asks for the newest checkpoint, reads its state file and
     * completes. Returns "NAME SHA256-of-what-it-read", or "none".
     */
    static String restart(Scr scr) throws IOException {
        Optional<String> name = scr.haveRestart();
        if (name.isEmpty()) {
            return "none";
        }
        try (Restart r = scr.startRestart(name.get())) {
            byte[] read = Files.readAllBytes(r.route(stateFile(scr.rank())));
            if (!r.complete(true)) {
                return name.get() + " (complete returned false)";
            }
            return name.get() + " " + sha256(read);
        }
    }

    /** What {@link #restart} returns on rank r when it restarts from checkpoint {@code name} intact. */
    static String restored(String name, int rank) {
        return name + " " + sha256(state(name, rank));
    }

    /** {@link #restored} for every rank of a job of {@code ranks}. */
    static List<String> restoredOnEveryRank(String name, int ranks) {
        List<String> out = new ArrayList<>();
        for (int r = 0; r < ranks; r++) {
            out.add(restored(name, r));
        }
        return out;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }

    /** Inverts every bit of one byte in place, as a failing disk or memory would; the length stays. */
    static void flipByte(Path file, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(~b & 0xff);
        }
    }

    // ---------------------------------------------------------------- the cache

    /** The default tier's directory for this job on this node. */
    Path cacheDir() {
        return cacheBase.resolve(System.getProperty("user.name")).resolve("scr4j").resolve("job1").resolve(NODE);
    }

    /** Rank r's directory of dataset {@code id} on the default tier. */
    Path datasetDir(long id, int rank) {
        return cacheDir().resolve("dataset." + id + ".rank." + rank);
    }

    Path cachedFile(long id, int rank, String file) {
        return datasetDir(id, rank).resolve("files").resolve(file);
    }

    /** The directory names in a cache tier's directory, sorted. */
    static TreeSet<String> directories(Path tierDir) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        if (Files.isDirectory(tierDir)) {
            try (Stream<Path> s = Files.list(tierDir)) {
                s.filter(Files::isDirectory).forEach(p -> names.add(p.getFileName().toString()));
            }
        }
        return names;
    }

    /** The ids of the datasets of which some rank has a directory on the default tier. */
    TreeSet<Long> cachedIds() throws IOException {
        TreeSet<Long> ids = new TreeSet<>();
        for (String name : directories(cacheDir())) {
            Matcher m = CACHE_DIR.matcher(name);
            if (m.matches()) {
                ids.add(Long.parseLong(m.group(1)));
            }
        }
        return ids;
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode manifest(long id, int rank) {
        return json(datasetDir(id, rank).resolve("manifest.json"));
    }

    // ---------------------------------------------------------------- the prefix

    Path onPrefix(String dataset, String file) {
        return prefix.resolve(dataset).resolve(file);
    }

    Path indexFile() {
        return prefix.resolve(".scr4j").resolve("index");
    }

    JsonNode index() {
        return json(indexFile());
    }

    /** The index entry of a dataset name, or null. */
    JsonNode entry(String name) {
        if (!Files.exists(indexFile())) {
            return null;
        }
        for (JsonNode e : index().get("datasets")) {
            if (e.get("name").asText().equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** The names in the index, in id order. */
    List<String> indexNames() {
        List<String> names = new ArrayList<>();
        if (Files.exists(indexFile())) {
            index().get("datasets").forEach(e -> names.add(e.get("name").asText()));
        }
        return names;
    }

    /** Every line of the event log as JSON. */
    List<JsonNode> events() throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(prefix.resolve(".scr4j").resolve("log"), StandardCharsets.UTF_8)) {
            events.add(JSON.readTree(line));
        }
        return events;
    }

    /** Changes the halt file as {@code scr4j halt} would: through the control directory, under its lock. */
    HaltRecord halt(UnaryOperator<HaltRecord> change) throws IOException {
        ControlDirectory control = ControlDirectory.open(prefix.toUri(), new Configuration());
        try {
            return control.halt().update(change);
        } finally {
            control.fileSystem().close();
        }
    }

    HaltRecord halt() throws IOException {
        return halt(UnaryOperator.identity());
    }
}
