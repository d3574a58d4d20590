package org.scr4j.testing;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.scr4j.group.net.JobSecret;

/**
 * The ranks of one job step as real JVM processes on this machine, for tests: rank r runs
 * {@code main} with SCR4J_RANK=r, SCR4J_SIZE, SCR4J_NODE (the node names the caller gives),
 * SCR4J_RENDEZVOUS=127.0.0.1:(a free port) and SCR4J_SECRET_FILE (a fresh {@link JobSecret}), plus
 * whatever environment the caller adds. Inherited SCR_*, SCR4J_* and SLURM_* variables are removed,
 * so a test behaves the same inside a Slurm job or a user's shell. Each rank's output (stdout and
 * stderr, merged) is kept line by line and can be waited for while it runs.
 *
 * <pre>{@code
 * try (RankProcesses ranks = RankProcesses.of(MyMain.class, List.of("node0", "node1")).args("go").start()) {
 *     ranks.waitForLine(1, l -> l.startsWith("ready"), Duration.ofSeconds(20));
 *     ranks.kill(1);
 *     assertEquals(3, ranks.waitFor(0, Duration.ofSeconds(20)));
 * }
 * }</pre>
 *
 * {@link #close()} kills every rank still running and deletes the job's temporary directory.
 */
public final class RankProcesses implements AutoCloseable {
    private final Path directory;
    private final Path secretFile;
    private final String rendezvous;
    private final List<Process> processes = new ArrayList<>();
    private final List<List<String>> lines = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();

    private RankProcesses(Path directory, Path secretFile, String rendezvous) {
        this.directory = directory;
        this.secretFile = secretFile;
        this.rendezvous = rendezvous;
    }

    /** A job step whose rank r runs {@code main} on node {@code nodes.get(r)}; one rank per node name. */
    public static Launch of(Class<?> main, List<String> nodes) {
        return new Launch(main, nodes);
    }

    /** What to start; {@link #start()} starts it. */
    public static final class Launch {
        private final Class<?> main;
        private final List<String> nodes;
        private final List<String> args = new ArrayList<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private final Map<Integer, List<String>> rankJvmOptions = new HashMap<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Map<Integer, Map<String, String>> rankEnv = new HashMap<>();

        private Launch(Class<?> main, List<String> nodes) {
            this.main = requireNonNull(main, "main is null");
            this.nodes = List.copyOf(nodes);
            if (this.nodes.isEmpty()) {
                throw new IllegalArgumentException("a job step needs at least one rank");
            }
        }

        /** Arguments of every rank's main. */
        public Launch args(String... values) {
            args.addAll(List.of(values));
            return this;
        }

        /** JVM options of every rank, such as -Xmx256m. */
        public Launch jvmOptions(String... options) {
            jvmOptions.addAll(List.of(options));
            return this;
        }

        /** JVM options of one rank, after those of every rank. */
        public Launch jvmOptions(int rank, String... options) {
            rankJvmOptions.computeIfAbsent(rank, r -> new ArrayList<>()).addAll(List.of(options));
            return this;
        }

        /** An environment variable of every rank; it may override the SCR4J_* ones this class sets. */
        public Launch env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** An environment variable of one rank, over those of every rank. */
        public Launch env(int rank, String name, String value) {
            rankEnv.computeIfAbsent(rank, r -> new LinkedHashMap<>()).put(name, value);
            return this;
        }

        /** Makes the secret, picks the rendezvous port and starts every rank. */
        public RankProcesses start() throws IOException {
            Path dir = Files.createTempDirectory("scr4j-ranks-");
            RankProcesses ranks = new RankProcesses(dir, JobSecret.create(dir.resolve("job.secret")), "127.0.0.1:" + freePort());
            try {
                for (int rank = 0; rank < nodes.size(); rank++) {
                    ranks.startRank(command(rank), environment(rank, ranks));
                }
            } catch (IOException | RuntimeException e) {
                ranks.close();
                throw e;
            }
            return ranks;
        }

        private List<String> command(int rank) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("--add-modules=jdk.incubator.vector");
            command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
            command.addAll(jvmOptions);
            command.addAll(rankJvmOptions.getOrDefault(rank, List.of()));
            command.add("-cp");
            command.add(classPath(main));
            command.add(main.getName());
            command.addAll(args);
            return command;
        }

        private Map<String, String> environment(int rank, RankProcesses ranks) {
            Map<String, String> all = new HashMap<>();
            all.put("SCR4J_RANK", Integer.toString(rank));
            all.put("SCR4J_SIZE", Integer.toString(nodes.size()));
            all.put("SCR4J_NODE", nodes.get(rank));
            all.put("SCR4J_RENDEZVOUS", ranks.rendezvous);
            all.put("SCR4J_SECRET_FILE", ranks.secretFile.toString());
            all.putAll(env);
            all.putAll(rankEnv.getOrDefault(rank, Map.of()));
            return all;
        }
    }

    /**
     * The class path of this JVM, in a form a child can use. Under surefire, java.class.path is
     * the full test class path (surefire's booter sets it even when it starts the JVM from a
     * manifest-only jar); the main class's own location is added in case a runner shortens it.
     */
    private static String classPath(Class<?> main) {
        String path = System.getProperty("java.class.path");
        try {
            String own = Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            return Stream.of(path.split(File.pathSeparator)).anyMatch(own::equals) ? path : own + File.pathSeparator + path;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where " + main.getName() + " was loaded from: " + e.getMessage(), e);
        }
    }

    private static int freePort() throws IOException {
        // Another process may take the port before rank 0 binds it; rank 0 then fails with a clear "address in use".
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void startRank(List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("SCR_") || k.startsWith("SCR4J_") || k.startsWith("SLURM"));
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        List<String> output = new ArrayList<>();
        int rank = processes.size();
        processes.add(process);
        lines.add(output);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (output) {
                        output.add(line);
                        output.notifyAll();
                    }
                }
            } catch (IOException e) {
                synchronized (output) {
                    output.add("[RankProcesses: reading rank " + rank + "'s output failed: " + e + "]");
                    output.notifyAll();
                }
            }
        }, "rank-" + rank + "-output");
        reader.setDaemon(true);
        reader.start();
        readers.add(reader);
    }

    public int size() {
        return processes.size();
    }

    public long pid(int rank) {
        return processes.get(rank).pid();
    }

    /** host:port of rank 0's rendezvous, as every rank was given it. */
    public String rendezvous() {
        return rendezvous;
    }

    /** The job secret every rank was given. */
    public Path secretFile() {
        return secretFile;
    }

    /** The job's temporary directory (it holds the secret); a test may keep its own files here, deleted on close. */
    public Path directory() {
        return directory;
    }

    /** The lines rank {@code rank} printed so far. */
    public List<String> lines(int rank) {
        List<String> output = lines.get(rank);
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** Everything rank {@code rank} printed so far, for assertion messages. */
    public String output(int rank) {
        return String.join("\n", lines(rank));
    }

    /**
     * The first line of rank {@code rank}'s output that matches, waiting for it at most
     * {@code timeout}; throws an {@link AssertionError} with the rank's output if none comes or
     * the rank ends without printing it.
     */
    public String waitForLine(int rank, Predicate<String> match, Duration timeout) throws InterruptedException {
        List<String> output = lines.get(rank);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (output) {
            for (int seen = 0; ; ) {
                for (; seen < output.size(); seen++) {
                    if (match.test(output.get(seen))) {
                        return output.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                boolean ended = !processes.get(rank).isAlive() && !readers.get(rank).isAlive();
                if (left <= 0 || ended) {
                    throw new AssertionError("rank " + rank + (ended ? " ended without printing" : " did not print within "
                            + timeout) + " the line waited for; its output:\n" + String.join("\n", output));
                }
                output.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
            }
        }
    }

    /** SIGKILL: the rank dies at once, as on a node failure. */
    public void kill(int rank) {
        processes.get(rank).toHandle().destroyForcibly();
    }

    /** SIGSTOP: the rank freezes, alive but silent, as a hung process. */
    public void stop(int rank) throws IOException, InterruptedException {
        signal(rank, "-STOP");
    }

    /** SIGCONT: a stopped rank runs on. */
    public void cont(int rank) throws IOException, InterruptedException {
        signal(rank, "-CONT");
    }

    private void signal(int rank, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(pid(rank))).redirectErrorStream(true).start();
        String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (kill.waitFor() != 0) {
            throw new IOException("kill " + signal + " " + pid(rank) + " failed: " + said);
        }
    }

    /**
     * Rank {@code rank}'s exit code, waiting for it to end at most {@code timeout}; throws an
     * {@link AssertionError} with the rank's output if it is still running then. Its output is
     * complete when this returns.
     */
    public int waitFor(int rank, Duration timeout) throws InterruptedException {
        Process process = processes.get(rank);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("rank " + rank + " (pid " + process.pid() + ") still runs after " + timeout + "; its output:\n"
                    + output(rank));
        }
        readers.get(rank).join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }

    /** Every rank's exit code, in rank order, all waited for within one {@code timeout}. */
    public List<Integer> waitForAll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Integer> codes = new ArrayList<>();
        for (int rank = 0; rank < size(); rank++) {
            codes.add(waitFor(rank, Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
        }
        return codes;
    }

    /** Kills every rank still running (SIGKILL, which also ends a stopped one) and deletes the temporary directory. */
    @Override
    public void close() {
        for (Process p : processes) {
            p.toHandle().destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while ending rank processes", e);
            }
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory + ": " + e.getMessage(), e);
        }
    }
}
