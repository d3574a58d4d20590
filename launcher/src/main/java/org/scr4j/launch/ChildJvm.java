package org.scr4j.launch;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A Java program started in a JVM of its own, on this JVM's class path, whose standard output is
 * read line by line while it runs (so the caller can act on what it prints) and whose standard
 * error goes to ours.
 */
final class ChildJvm implements AutoCloseable {
    private static final String EOF = "\u0000eof";

    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private ChildJvm(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(reading the program's output failed: " + e.getMessage() + ")");
            } finally {
                lines.add(EOF);
            }
        }, "child-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    static ChildJvm start(String mainClass, List<String> args, Map<String, String> env, Path workDir) throws IOException {
        return start(List.of(), mainClass, args, env, workDir);
    }

    /** As {@link #start(String, List, Map, Path)}, with options for the JVM such as -Xmx. */
    static ChildJvm start(List<String> jvmOptions, String mainClass, List<String> args, Map<String, String> env, Path workDir)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        // The erasure coders' vector kernel needs the incubator module; a child gets it when this JVM has it.
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            command.add("--add-modules=jdk.incubator.vector");
        }
        command.addAll(jvmOptions);
        String log4j = System.getProperty("log4j.configuration");
        if (log4j != null) {
            command.add("-Dlog4j.configuration=" + log4j);
        }
        command.add(requireNonNull(mainClass, "mainClass is null"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(env);
        return new ChildJvm(builder.start());
    }

    long pid() {
        return process.pid();
    }

    /**
     * Passes each line to {@code each} until one satisfies {@code until} (returned) or the program
     * ends (null). Throws if neither happens within the timeout.
     */
    String follow(Consumer<String> each, java.util.function.Predicate<String> until, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IllegalStateException("the program (pid " + pid() + ") printed nothing new for " + timeoutSeconds + " s");
            }
            if (line.equals(EOF)) {
                lines.add(EOF);
                return null;
            }
            seen.add(line);
            each.accept(line);
            if (until.test(line)) {
                return line;
            }
        }
    }

    /** Everything the program printed so far. */
    List<String> output() {
        return List.copyOf(seen);
    }

    /** SIGKILL, as a crashed node or the OOM killer would end it: no shutdown hooks, no flushing. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    int waitFor(long timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            kill();
            throw new IllegalStateException("the program (pid " + pid() + ") did not end within " + timeoutSeconds + " s; killed it");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
