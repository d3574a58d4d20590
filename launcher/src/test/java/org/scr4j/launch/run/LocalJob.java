package org.scr4j.launch.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.scr4j.launch.Main;

/**
 * A job under `scr4j run` on the local backend, for tests: a job file with a RAM tier in a
 * directory of its own under /dev/shm (removed by close), a prefix in the test's directory, and
 * {@link RelaunchApp} as the application. The launcher runs in a JVM of its own, as from a shell.
 */
final class LocalJob implements AutoCloseable {
    record Result(int exitCode, String out) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n" + out;
        }
    }

    final Path dir;
    final Path shm;
    final Path conf;
    final Path prefix;

    LocalJob(Path dir, String... confLines) throws IOException {
        this.dir = dir;
        this.shm = Files.createTempDirectory(Path.of("/dev/shm"), "scr4j-run-");
        this.conf = dir.resolve("job.conf");
        this.prefix = dir.resolve("prefix");
        List<String> lines = new ArrayList<>();
        lines.add("STORE=" + shm + "/ram NAME=ram TYPE=ramdisk COUNT=2");
        lines.add("SCR_PREFIX=" + prefix);
        lines.add("SCR_CHECKPOINT_INTERVAL=1");
        lines.add("SCR_GROUP_TIMEOUT=5");
        lines.addAll(List.of(confLines));
        Files.write(conf, lines);
    }

    /** The application's command line: STEPS BYTES STEP_MILLIS and optional HANG_AT MARKER. */
    static List<String> app(Object... args) {
        return JavaCommand.of(List.of("-Xmx96m", "-XX:TieredStopAtLevel=1", "--add-modules=jdk.incubator.vector"),
                RelaunchApp.class.getName(), Stream.of(args).map(String::valueOf).toList());
    }

    /** A launcher started by {@link #start}, and the file its output goes to. */
    record Launched(Process process, Path out) {
        String output() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8);
        }
    }

    /** Starts `scr4j ARGS` (with --conf added after the command name) without waiting. */
    Launched start(String... args) throws IOException {
        return start(java.util.Map.of(), args);
    }

    /** Starts `scr4j ARGS` with {@code env} added to the launcher's environment (and so its ranks'). */
    Launched start(java.util.Map<String, String> env, String... args) throws IOException {
        Path out = dir.resolve("out-" + System.nanoTime() + ".txt");
        List<String> scr4j = new ArrayList<>(List.of(args[0], "--conf", conf.toString()));
        scr4j.addAll(List.of(args).subList(1, args.length));
        List<String> command = JavaCommand.of(List.of(), Main.class.getName(), scr4j);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("SCR_") || k.startsWith("SCR4J_") || k.startsWith("SLURM"));
        builder.environment().putAll(env);
        return new Launched(builder.start(), out);
    }

    /** Runs `scr4j ARGS` to its end; on timeout kills it and everything it started, and fails. */
    Result run(Duration timeout, String... args) throws IOException, InterruptedException {
        Launched l = start(args);
        if (!l.process().waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            l.process().descendants().forEach(ProcessHandle::destroyForcibly);
            l.process().destroyForcibly().waitFor();
            throw new IllegalStateException("scr4j " + String.join(" ", args) + " did not end within " + timeout + ":\n" + l.output());
        }
        return new Result(l.process().exitValue(), l.output());
    }

    @Override
    public void close() throws IOException {
        if (Files.exists(shm)) {
            try (Stream<Path> walk = Files.walk(shm)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
