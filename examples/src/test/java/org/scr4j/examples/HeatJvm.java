package org.scr4j.examples;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@link HeatDiffusion} in a JVM of its own, as a batch script would start it: standard output is
 * read line by line as it comes (so a test can kill the process the moment a line appears) and
 * kept in a file with standard error; {@link #kill} is SIGKILL.
 */
final class HeatJvm {
    /** What one run printed and how it ended. */
    record Result(String label, int exitCode, boolean killed, List<String> lines, String err) {
        List<String> matching(String regex) {
            return lines.stream().filter(l -> l.matches(regex)).toList();
        }

        @Override
        public String toString() {
            return label + ": exit " + exitCode + (killed ? " (killed by the test)" : "")
                    + "\n--- stdout\n" + String.join("\n", lines) + "\n--- stderr\n" + err;
        }
    }

    private final String label;
    private final Process process;
    private final Path errFile;
    private final Thread pump;
    private final List<String> lines = new ArrayList<>();
    private boolean ended;
    private volatile boolean killed;

    private HeatJvm(String label, Process process, Path outFile, Path errFile) {
        this.label = label;
        this.process = process;
        this.errFile = errFile;
        this.pump = new Thread(() -> pump(outFile), "stdout of " + label);
        this.pump.setDaemon(true);
        this.pump.start();
    }

    /**
     * Starts {@code java -cp <this JVM's class path> [jvmOptions] HeatDiffusion args} in {@code logDir}
     * with {@code env} added to an environment cleared of SCR_* and SCR4J_* variables.
     */
    static HeatJvm start(String label, Path logDir, Map<String, String> env, List<String> jvmOptions, List<String> args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Short runs: quick start-up matters more than peak speed.
        command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), HeatDiffusion.class.getName()));
        command.addAll(args);
        Files.createDirectories(logDir);
        String file = label.replaceAll("[^A-Za-z0-9._-]+", "_");
        Path out = logDir.resolve(file + ".out");
        Path err = logDir.resolve(file + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(logDir.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("SCR_") || k.startsWith("SCR4J_"));
        builder.environment().putAll(env);
        builder.redirectError(err.toFile());
        return new HeatJvm(label, builder.start(), out, err);
    }

    private void pump(Path outFile) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                BufferedWriter copy = Files.newBufferedWriter(outFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                copy.write(line);
                copy.newLine();
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // The stream ends with the process; anything else shows up as missing lines.
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    /**
     * Waits until the {@code nth} line matching {@code regex} has been printed; false if standard
     * output ended first or the timeout passed.
     */
    synchronized boolean awaitLine(String regex, int nth, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (lines.stream().filter(l -> l.matches(regex)).count() >= nth) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                return false;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                throw e;
            }
        }
    }

    synchronized List<String> linesSoFar() {
        return List.copyOf(lines);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as a node failure or an impatient operator would; returns what was printed. */
    Result kill() throws InterruptedException {
        killed = process.isAlive();
        process.destroyForcibly();
        process.waitFor();
        return result();
    }

    /** Waits for the process to end by itself; on timeout kills it and fails with what it printed. */
    Result await(Duration timeout) throws InterruptedException {
        boolean ended;
        try {
            ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly(); // the test is being stopped: leave no job running behind it
            throw e;
        }
        if (!ended) {
            Result partial = kill();
            throw new AssertionError(label + " did not finish within " + timeout.toSeconds() + " s; killed it.\n" + partial);
        }
        return result();
    }

    private Result result() throws InterruptedException {
        pump.join(TimeUnit.SECONDS.toMillis(30));
        String err;
        try {
            err = Files.readString(errFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Result(label, process.exitValue(), killed, linesSoFar(), err);
    }

    /** Runs to the end (no kill) and returns what it printed. */
    static Result run(String label, Path logDir, Map<String, String> env, List<String> jvmOptions, List<String> args,
            Duration timeout) throws IOException, InterruptedException {
        return start(label, logDir, env, jvmOptions, args).await(timeout);
    }
}
