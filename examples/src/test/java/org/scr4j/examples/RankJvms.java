package org.scr4j.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.scr4j.group.net.JobSecret;

/**
 * One job step of an example as separate JVMs on this machine, one per rank, with the environment
 * {@code scr4j run} gives its ranks: SCR4J_RANK, SCR4J_SIZE, SCR4J_NODE (one simulated node per
 * rank), SCR4J_RENDEZVOUS (127.0.0.1 and a free port) and SCR4J_SECRET_FILE (a fresh job secret),
 * plus the caller's variables; inherited SCR_*, SCR4J_* and SLURM* variables are removed. Standard
 * output is read line by line as it comes; standard error goes to a file beside the secret. (A
 * minimal copy of policies' test helper RankProcesses, whose test jar this module does not use.)
 */
final class RankJvms implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final List<List<String>> lines = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    private final List<Path> errFiles = new ArrayList<>();

    private RankJvms() {
    }

    /** Starts rank r of {@code mainClass} on node {@code nodes.get(r)}, its files in a new directory under {@code dir}. */
    static RankJvms start(String mainClass, List<String> nodes, Map<String, String> env, List<String> args, Path dir)
            throws IOException {
        Path step = Files.createTempDirectory(Files.createDirectories(dir), "step-");
        Path secret = JobSecret.create(step.resolve("job.secret"));
        String rendezvous = "127.0.0.1:" + freePort();
        RankJvms jvms = new RankJvms();
        try {
            for (int rank = 0; rank < nodes.size(); rank++) {
                Map<String, String> all = new HashMap<>(env);
                all.put("SCR4J_RANK", Integer.toString(rank));
                all.put("SCR4J_SIZE", Integer.toString(nodes.size()));
                all.put("SCR4J_NODE", nodes.get(rank));
                all.put("SCR4J_RENDEZVOUS", rendezvous);
                all.put("SCR4J_SECRET_FILE", secret.toString());
                jvms.startRank(mainClass, args, all, step.resolve("rank." + rank + ".err"));
            }
        } catch (IOException | RuntimeException e) {
            jvms.close();
            throw e;
        }
        return jvms;
    }

    private void startRank(String mainClass, List<String> args, Map<String, String> env, Path errFile) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(errFile.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("SCR_") || k.startsWith("SCR4J_") || k.startsWith("SLURM"));
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        List<String> output = new ArrayList<>();
        processes.add(process);
        lines.add(output);
        errFiles.add(errFile);
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
                    output.add("[RankJvms: reading the output failed: " + e + "]");
                    output.notifyAll();
                }
            }
        }, "output of rank " + (processes.size() - 1));
        reader.setDaemon(true);
        reader.start();
        readers.add(reader);
    }

    private static int freePort() throws IOException {
        // Another process may take the port before rank 0 binds it; rank 0 then fails saying the address is in use.
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    int size() {
        return processes.size();
    }

    List<String> lines(int rank) {
        List<String> output = lines.get(rank);
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** Standard output so far and standard error, for failure messages. */
    String output(int rank) {
        String err;
        try {
            err = Files.readString(errFiles.get(rank), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "--- rank " + rank + " stdout\n" + String.join("\n", lines(rank)) + "\n--- rank " + rank + " stderr\n" + err;
    }

    String outputs() {
        StringBuilder all = new StringBuilder();
        for (int r = 0; r < size(); r++) {
            all.append(output(r)).append('\n');
        }
        return all.toString();
    }

    /** Waits for a line of rank {@code rank} that matches; fails with every rank's output if none comes in time. */
    String waitForLine(int rank, Predicate<String> match, Duration timeout) throws InterruptedException {
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
                    throw new AssertionError("rank " + rank + (ended ? " ended" : " ran " + timeout) + " without printing the line"
                            + " waited for\n" + outputs());
                }
                output.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
            }
        }
    }

    boolean isAlive(int rank) {
        return processes.get(rank).isAlive();
    }

    /** Every rank's exit code, all within {@code timeout}; fails with every rank's output if one still runs. */
    List<Integer> waitForAll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Integer> codes = new ArrayList<>();
        for (int r = 0; r < size(); r++) {
            Process p = processes.get(r);
            if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new AssertionError("rank " + r + " still runs after " + timeout + "\n" + outputs());
            }
            readers.get(r).join(TimeUnit.SECONDS.toMillis(10));
            codes.add(p.exitValue());
        }
        return codes;
    }

    /** SIGKILL to every rank at once, as when the job's nodes fail; returns when all are dead and their output read. */
    void killAll() throws InterruptedException {
        processes.forEach(p -> p.toHandle().destroyForcibly());
        for (int r = 0; r < size(); r++) {
            processes.get(r).waitFor();
            readers.get(r).join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    @Override
    public void close() {
        processes.forEach(p -> p.toHandle().destroyForcibly());
        for (Process p : processes) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while ending the rank processes", e);
            }
        }
    }
}
