package org.scr4j.launch.chaos;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.scr4j.launch.Main;
import org.scr4j.launch.run.JavaCommand;

/**
 * {@code scr4j run} in a JVM of its own, as from a shell: its standard output is passed on line by
 * line as it comes and kept in a file (each line with the time it came, to set beside the ranks'
 * log lines), its standard error goes to another file.
 */
final class LauncherRun {
    private final Process process;
    private final Thread reader;

    private LauncherRun(Process process, Thread reader) {
        this.process = process;
        this.reader = reader;
    }

    /** Starts {@code scr4j ARGS} in {@code dir} with exactly {@code env}; {@code out} gets each line of its standard output. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    static LauncherRun start(List<String> args, Path dir, Map<String, String> env, Path log, Consumer<String> out)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(JavaCommand.of(List.of("-Xmx256m"), Main.class.getName(), args))
                .directory(dir.toFile()).redirectError(dir.resolve(log.getFileName() + ".err").toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        BufferedWriter file = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (file; BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    file.write(LocalTime.now().format(TIME) + " ");
                    file.write(line);
                    file.newLine();
                    out.accept(line);
                }
            } catch (IOException e) {
                out.accept("(scr4j chaos: reading the launcher's output failed: " + e.getMessage() + ")");
            }
        }, "launcher-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        return new LauncherRun(process, reader);
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits up to {@code seconds} for the launcher to end by itself; true when it has. */
    boolean awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    /** Waits for the launcher to end (it has, or was killed) and for the last of its output; returns its exit code. */
    int exitCode() throws InterruptedException, IOException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IOException("the launcher (pid " + process.pid() + ") did not end within 60 s");
        }
        reader.join(TimeUnit.SECONDS.toMillis(30));
        return process.exitValue();
    }
}
