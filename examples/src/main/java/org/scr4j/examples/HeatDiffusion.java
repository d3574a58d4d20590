package org.scr4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.scr4j.Flag;
import org.scr4j.Output;
import org.scr4j.Restart;
import org.scr4j.Scr;
import org.scr4j.conf.ConfigException;
import org.scr4j.conf.ConfigLoader;
import org.scr4j.conf.JobIdentity;
import org.scr4j.conf.Origin;
import org.scr4j.conf.ScrConfig;
import org.scr4j.group.Group;
import org.scr4j.group.InProcessGroup;

/**
 * A 2D heat-diffusion stencil that checkpoints through scr4j and can be killed at any instant and
 * restarted: its final field is bit for bit that of an uninterrupted run.
 *
 * <p>The field is an N x N grid of doubles with fixed boundary values (the top edge at 100, the
 * other edges at 0) and an explicit 5-point Jacobi update. Ranks are threads of this process
 * ("threads as ranks"): the rows are split among them, each step every rank computes its own rows
 * of the next field from the current one (two shared buffers), and the ranks meet at the
 * application's own barrier after each step. The library's group is used only by the library.
 *
 * <p>A checkpoint {@code heat.<step>} holds, per rank, {@code rank.<r>/field.bin} (its rows as
 * big-endian doubles) and {@code rank.<r>/meta/step.txt} (step and row range), and rank 0's
 * {@code params.txt} (grid size and ranks). Lines on standard output that scripts and tests read:
 * {@code restarted from <name> at step <n>}, {@code checkpoint <name> started|complete|failed} and
 * finally {@code checksum <sha-256 of the field> steps <steps>}.
 */
public final class HeatDiffusion {
    /** Value of the top edge; the other edges are 0. */
    public static final double TOP = 100.0;
    /** Diffusion number of the explicit scheme (stable below 0.25). */
    public static final double ALPHA = 0.24;
    /** Checkpoint interval used when neither --checkpoint-every nor the configuration sets one. */
    public static final int DEFAULT_CHECKPOINT_EVERY = 10;

    static final String NAME = "heat-diffusion";
    static final String USAGE = """
            usage: heat-diffusion [--size N] [--steps S] [--ranks R] [--sleep-ms M] [--checkpoint-every K]
              --size N              the grid has N x N cells; 3 <= N <= 8192 (default 128)
              --steps S             time steps to compute; S >= 0 (default 200)
              --ranks R             ranks (threads of this process) that share the rows; 1 <= R <= N (default 2)
              --sleep-ms M          pause after every step, in milliseconds; M >= 0 (default 0)
              --checkpoint-every K  checkpoint every K steps (sets SCR_CHECKPOINT_INTERVAL); K >= 1
                                    (default: the configured checkpoint policy, else every 10 steps)
              --help                print this text
            scr4j reads the rest of its configuration from its files and the SCR_* environment variables
            (SCR_PREFIX, SCR_CACHE_BASE, SCR_FLUSH, ...). A restarted run must use the same --size and --ranks.
            """;

    private static final List<String> OPTIONS = List.of("size", "steps", "ranks", "sleep-ms", "checkpoint-every");
    private static final Pattern CHECKPOINT_NAME = Pattern.compile("heat\\.(\\d+)");

    private HeatDiffusion() {
    }

    /** What the command line asks for; {@code checkpointEvery} is empty when not given. */
    public record Params(int size, int steps, int ranks, long sleepMs, OptionalInt checkpointEvery) {
        public Params {
            if (size < 3) {
                throw new IllegalArgumentException("size must be at least 3, not " + size);
            }
            if (steps < 0) {
                throw new IllegalArgumentException("steps must not be negative, not " + steps);
            }
            if (ranks < 1 || ranks > size) {
                throw new IllegalArgumentException("ranks must be between 1 and the size " + size + ", not " + ranks);
            }
            if (sleepMs < 0) {
                throw new IllegalArgumentException("sleep-ms must not be negative, not " + sleepMs);
            }
        }

        public static Params defaults() {
            return new Params(128, 200, 2, 0, OptionalInt.empty());
        }
    }

    /** The outcome of a run: rank 0's view of the final field. */
    public record Result(String checksum, int steps, boolean stoppedEarly, Optional<String> restartedFrom) {
    }

    /** A command line that cannot be run; the message says what is wrong. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    public static void main(String[] args) {
        int status = execute(args, System.out, System.err);
        System.out.flush();
        System.err.flush();
        // The library or Hadoop may leave non-daemon threads behind; the job is over.
        System.exit(status);
    }

    /** Runs the command line; returns the exit status: 0 done, 1 failed, 2 bad arguments or configuration. */
    static int execute(String[] args, PrintStream out, PrintStream err) {
        Params params;
        try {
            if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
                out.print(USAGE);
                out.flush();
                return 0;
            }
            params = parse(args);
        } catch (UsageException e) {
            err.println(NAME + ": " + e.getMessage());
            err.print(USAGE);
            err.flush();
            return 2;
        }
        try {
            Result result = run(params, out, err);
            if (result.stoppedEarly()) {
                say(out, "stopped at step " + result.steps() + " of " + params.steps() + ": scr4j asked the job to exit");
            }
            say(out, "checksum " + result.checksum() + " steps " + result.steps());
            return 0;
        } catch (ConfigException e) {
            err.println(NAME + ": " + e.getMessage());
            err.flush();
            return 2;
        } catch (Exception | Error e) {
            err.println(NAME + ": error: " + e);
            e.printStackTrace(err);
            err.flush();
            return 1;
        }
    }

    /** Parses {@code --name value} (or {@code --name=value}) pairs. */
    public static Params parse(String[] args) throws UsageException {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'; options are --name value pairs");
            }
            String name;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(2, eq);
                value = arg.substring(eq + 1);
            } else {
                name = arg.substring(2);
                value = null;
            }
            if (!OPTIONS.contains(name)) {
                throw new UsageException("unknown option '--" + name + "'; the options are --" + String.join(", --", OPTIONS));
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            if (given.put(name, value) != null) {
                throw new UsageException("--" + name + " is given twice");
            }
        }
        Params d = Params.defaults();
        int size = intOption(given, "size", d.size(), 3, 8192);
        int steps = intOption(given, "steps", d.steps(), 0, Integer.MAX_VALUE);
        int ranks = intOption(given, "ranks", d.ranks(), 1, 4096);
        if (ranks > size) {
            throw new UsageException("--ranks " + ranks + " is more than the " + size + " rows of the grid; use at most --ranks " + size);
        }
        long sleepMs = intOption(given, "sleep-ms", (int) d.sleepMs(), 0, Integer.MAX_VALUE);
        OptionalInt every = given.containsKey("checkpoint-every")
                ? OptionalInt.of(intOption(given, "checkpoint-every", 0, 1, Integer.MAX_VALUE))
                : OptionalInt.empty();
        return new Params(size, steps, ranks, sleepMs, every);
    }

    private static int intOption(Map<String, String> given, String name, int defaultValue, int min, int max) throws UsageException {
        String text = given.get(name);
        if (text == null) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " needs a whole number, not '" + text + "'");
        }
        if (value < min || value > max) {
            throw new UsageException("--" + name + " must be " + (max == Integer.MAX_VALUE ? "at least " + min
                    : "between " + min + " and " + max) + ", not " + value);
        }
        return value;
    }

    /**
     * The overrides passed to {@code Scr.init}: the checkpoint interval from --checkpoint-every, or
     * {@value #DEFAULT_CHECKPOINT_EVERY} when no layer of the configuration sets a checkpoint policy.
     */
    static Map<String, String> overrides(Params params, ScrConfig config) {
        Map<String, String> overrides = new HashMap<>();
        if (params.checkpointEvery().isPresent()) {
            overrides.put("SCR_CHECKPOINT_INTERVAL", Integer.toString(params.checkpointEvery().getAsInt()));
        } else {
            Origin defaults = Origin.file(ConfigLoader.DEFAULTS);
            boolean configured = List.of("scr.checkpoint.interval", "scr.checkpoint.seconds", "scr.checkpoint.overhead").stream()
                    .anyMatch(key -> !config.setting(key).origin().equals(defaults));
            if (!configured) {
                overrides.put("SCR_CHECKPOINT_INTERVAL", Integer.toString(DEFAULT_CHECKPOINT_EVERY));
            }
        }
        return overrides;
    }

    /** Runs the job: one thread per rank, each with its own {@link Scr}. */
    public static Result run(Params params, PrintStream out, PrintStream err) throws Exception {
        ScrConfig config = ConfigLoader.fromEnvironment().load(Map.of());
        Map<String, String> overrides = overrides(params, config);
        String node = JobIdentity.of(config, System.getenv()).node();
        Job job = new Job(params, overrides, out, err);
        List<Result> results;
        try {
            results = InProcessGroup.run(params.ranks(), node, job::rank);
        } catch (Exception | Error e) {
            // The first rank to fail is the cause; the others only saw the group or barrier break.
            Throwable first = job.failure.get();
            if (first instanceof Exception primary) {
                throw primary;
            }
            if (first instanceof Error primary) {
                throw primary;
            }
            throw e;
        }
        return results.get(0);
    }

    /** The state the rank threads share: the two field buffers and the application's barrier. */
    private static final class Job {
        final Params params;
        final Map<String, String> overrides;
        final PrintStream out;
        final PrintStream err;
        final int n;
        final double[][] buffers;
        final CyclicBarrier barrier;
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(Params params, Map<String, String> overrides, PrintStream out, PrintStream err) {
            this.params = params;
            this.overrides = Map.copyOf(overrides);
            this.out = out;
            this.err = err;
            this.n = params.size();
            this.buffers = new double[][] {new double[n * n], new double[n * n]};
            this.barrier = new CyclicBarrier(params.ranks());
        }

        /** The field after {@code step} steps lives in this buffer. */
        double[] field(int step) {
            return buffers[step & 1];
        }

        Result rank(Group group) throws Exception {
            try {
                return body(group);
            } catch (Exception | Error e) {
                failure.compareAndSet(null, e);
                breakBarrier();
                throw e;
            }
        }

        private Result body(Group group) throws Exception {
            int rank = group.rank();
            int lo = rowStart(n, params.ranks(), rank);
            int hi = rowStart(n, params.ranks(), rank + 1);
            try (Scr scr = Scr.init(group, overrides)) {
                Restored restored = restore(scr, rank, lo, hi);
                int step = restored.step();
                awaitRanks();
                boolean stoppedEarly = false;
                while (step < params.steps()) {
                    stepRows(field(step), field(step + 1), n, lo, hi);
                    awaitRanks(); // every row of the new field is written before anyone reads it
                    step++;
                    if (params.sleepMs() > 0) {
                        Thread.sleep(params.sleepMs());
                    }
                    if (scr.needCheckpoint()) {
                        checkpoint(scr, rank, lo, hi, step);
                    }
                    if (scr.shouldExit()) {
                        stoppedEarly = step < params.steps();
                        break;
                    }
                }
                String checksum = rank == 0 ? checksum(field(step)) : null;
                return new Result(checksum, step, stoppedEarly, restored.name());
            }
        }

        private record Restored(int step, Optional<String> name) {
        }

        /** The newest checkpoint that restores, else step 0; a checkpoint that fails is skipped for the next older. */
        private Restored restore(Scr scr, int rank, int lo, int hi) {
            while (true) {
                Optional<String> name = scr.haveRestart();
                if (name.isEmpty()) {
                    initialRows(field(0), n, lo, hi);
                    return new Restored(0, Optional.empty());
                }
                int step = -1;
                String problem = null;
                boolean ok;
                try (Restart restart = scr.startRestart(name.get())) {
                    try {
                        step = readCheckpoint(restart, name.get(), rank, lo, hi);
                    } catch (IOException | BadCheckpointException e) {
                        problem = e.toString();
                        if (e instanceof BadCheckpointException) {
                            problem = e.getMessage();
                        }
                    }
                    ok = restart.complete(problem == null);
                }
                if (ok) {
                    if (rank == 0) {
                        say(out, "restarted from " + name.get() + " at step " + step);
                    }
                    return new Restored(step, name);
                }
                if (problem != null) {
                    say(err, NAME + ": rank " + rank + ": cannot restart from " + name.get() + ": " + problem);
                }
                if (rank == 0) {
                    say(err, NAME + ": restart from " + name.get() + " failed; trying an older checkpoint");
                }
            }
        }

        private int readCheckpoint(Restart restart, String name, int rank, int lo, int hi) throws IOException, BadCheckpointException {
            Matcher m = CHECKPOINT_NAME.matcher(name);
            if (!m.matches()) {
                throw new BadCheckpointException("'" + name + "' is not a checkpoint of " + NAME + " (heat.<step>)");
            }
            int step = Integer.parseInt(m.group(1));
            if (rank == 0) {
                Map<String, String> p = readKeyValues(restart.route("params.txt"));
                int size = intValue(p, "size", "params.txt");
                int ranks = intValue(p, "ranks", "params.txt");
                if (size != n || ranks != params.ranks()) {
                    throw new BadCheckpointException("it was written by a run with --size " + size + " --ranks " + ranks
                            + ", this run has --size " + n + " --ranks " + params.ranks()
                            + "; restart with the same size and ranks, or use another SCR_PREFIX");
                }
            }
            Map<String, String> meta = readKeyValues(restart.route("rank." + rank + "/meta/step.txt"));
            int metaStep = intValue(meta, "step", "meta/step.txt");
            if (metaStep != step || intValue(meta, "rank", "meta/step.txt") != rank
                    || intValue(meta, "size", "meta/step.txt") != n
                    || intValue(meta, "ranks", "meta/step.txt") != params.ranks()
                    || intValue(meta, "row.start", "meta/step.txt") != lo
                    || intValue(meta, "row.end", "meta/step.txt") != hi) {
                throw new BadCheckpointException("rank." + rank + "/meta/step.txt says " + meta
                        + ", expected step=" + step + " rank=" + rank + " size=" + n + " ranks=" + params.ranks()
                        + " rows " + lo + ".." + hi);
            }
            if (step > params.steps()) {
                throw new BadCheckpointException("it is at step " + step + ", beyond --steps " + params.steps());
            }
            Path file = restart.route("rank." + rank + "/field.bin");
            byte[] bytes = Files.readAllBytes(file);
            int expected = (hi - lo) * n * Double.BYTES;
            if (bytes.length != expected) {
                throw new BadCheckpointException(file + " has " + bytes.length + " bytes, expected " + expected);
            }
            ByteBuffer.wrap(bytes).asDoubleBuffer().get(field(step), lo * n, (hi - lo) * n);
            return step;
        }

        private void checkpoint(Scr scr, int rank, int lo, int hi, int step) {
            String name = "heat." + step;
            if (rank == 0) {
                say(out, "checkpoint " + name + " started");
            }
            boolean ok;
            try (Output output = scr.startOutput(name, Flag.CHECKPOINT)) {
                boolean valid = true;
                try {
                    ByteBuffer rows = ByteBuffer.allocate((hi - lo) * n * Double.BYTES);
                    rows.asDoubleBuffer().put(field(step), lo * n, (hi - lo) * n);
                    write(output.route("rank." + rank + "/field.bin"), rows.array());
                    writeText(output.route("rank." + rank + "/meta/step.txt"), "step=" + step + "\nrank=" + rank
                            + "\nranks=" + params.ranks() + "\nsize=" + n + "\nrow.start=" + lo + "\nrow.end=" + hi + "\n");
                    if (rank == 0) {
                        writeText(output.route("params.txt"), "size=" + n + "\nranks=" + params.ranks()
                                + "\nalpha=" + ALPHA + "\ntop=" + TOP + "\n");
                    }
                } catch (IOException e) {
                    say(err, NAME + ": rank " + rank + ": cannot write checkpoint " + name + ": " + e);
                    valid = false;
                }
                ok = output.complete(valid);
            }
            if (rank == 0) {
                say(out, "checkpoint " + name + (ok ? " complete" : " failed"));
            }
        }

        private void awaitRanks() throws InterruptedException, BrokenBarrierException {
            try {
                barrier.await();
            } catch (BrokenBarrierException e) {
                Throwable cause = failure.get();
                if (cause != null) {
                    throw new IllegalStateException("another rank failed: " + cause, cause);
                }
                throw e;
            }
        }

        /**
         * Breaks the barrier for good, so no rank waits for one that has failed. A zero-time wait
         * breaks it unless this thread completes it; then the others move on one step and it tries again.
         */
        private void breakBarrier() {
            while (!barrier.isBroken()) {
                try {
                    barrier.await(0, TimeUnit.NANOSECONDS);
                } catch (TimeoutException | BrokenBarrierException e) {
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** A checkpoint of this program that does not fit this run. */
    static final class BadCheckpointException extends Exception {
        BadCheckpointException(String message) {
            super(message);
        }
    }

    /** The first row of {@code rank}'s share of {@code n} rows among {@code ranks}. */
    static int rowStart(int n, int ranks, int rank) {
        return (int) ((long) n * rank / ranks);
    }

    /** Rows [lo, hi) of the initial field: top edge at {@link #TOP}, everything else 0. */
    static void initialRows(double[] field, int n, int lo, int hi) {
        for (int i = lo; i < hi; i++) {
            for (int j = 0; j < n; j++) {
                field[i * n + j] = i == 0 ? TOP : 0.0;
            }
        }
    }

    /** Rows [lo, hi) of the next field; boundary cells keep their values. */
    static void stepRows(double[] cur, double[] next, int n, int lo, int hi) {
        for (int i = lo; i < hi; i++) {
            int row = i * n;
            if (i == 0 || i == n - 1) {
                System.arraycopy(cur, row, next, row, n);
                continue;
            }
            next[row] = cur[row];
            for (int j = 1; j < n - 1; j++) {
                int k = row + j;
                double c = cur[k];
                next[k] = c + ALPHA * ((cur[k - n] + cur[k + n] + cur[k - 1] + cur[k + 1]) - 4.0 * c);
            }
            next[row + n - 1] = cur[row + n - 1];
        }
    }

    /** SHA-256 of the field's doubles, big-endian, in hex. */
    public static String checksum(double[] field) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        ByteBuffer chunk = ByteBuffer.allocate(8192 * Double.BYTES); // big-endian
        for (int from = 0; from < field.length; from += 8192) {
            int count = Math.min(8192, field.length - from);
            chunk.clear();
            chunk.asDoubleBuffer().put(field, from, count);
            sha.update(chunk.array(), 0, count * Double.BYTES);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The checksum of an uninterrupted run, computed here without scr4j or threads. */
    public static String referenceChecksum(int size, int steps) {
        double[] cur = new double[size * size];
        double[] next = new double[size * size];
        initialRows(cur, size, 0, size);
        for (int s = 0; s < steps; s++) {
            stepRows(cur, next, size, 0, size);
            double[] t = cur;
            cur = next;
            next = t;
        }
        return checksum(cur);
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Path dir = file.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.write(file, bytes);
    }

    private static void writeText(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> readKeyValues(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return values;
    }

    private static int intValue(Map<String, String> values, String key, String file) throws BadCheckpointException {
        String text = values.get(key);
        if (text == null) {
            throw new BadCheckpointException(file + " has no " + key);
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new BadCheckpointException(file + ": " + key + " is '" + text + "', not a whole number");
        }
    }

    /** One line, flushed at once, so a process killed a moment later has already said it. */
    static void say(PrintStream stream, String line) {
        synchronized (stream) {
            stream.println(line);
            stream.flush();
        }
    }
}
