package org.scr4j.launch.slurm;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs Slurm's short client commands (squeue, sinfo, scontrol, scancel) in exactly the
 * environment given, so SLURM_CONF reaches every one of them, and returns what they print.
 */
final class SlurmClient {
    /** Where Debian's Slurm looks when SLURM_CONF is not set. */
    static final Path DEFAULT_CONF = Path.of("/etc/slurm/slurm.conf");
    /** Clients retry an unreachable controller for MessageTimeout (10 s by default) per try. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, String> env;

    /**
     * @param env the whole environment of every command; it must name SLURM_CONF unless the
     *            default configuration exists (a client without one asks DNS for a controller)
     */
    SlurmClient(Map<String, String> env) {
        this.env = Map.copyOf(requireNonNull(env, "env is null"));
        if (!this.env.containsKey("SLURM_CONF") && !Files.isRegularFile(DEFAULT_CONF)) {
            throw new IllegalStateException("no Slurm configuration: SLURM_CONF is not set and " + DEFAULT_CONF
                    + " does not exist; export SLURM_CONF=/path/to/slurm.conf (for the test cluster: "
                    + "eval \"$(scripts/slurm-local start DIR)\")");
        }
    }

    Map<String, String> env() {
        return env;
    }

    /** A ProcessBuilder for a Slurm command whose environment is exactly {@link #env()}. */
    ProcessBuilder builder(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        return builder;
    }

    /** Runs the command and returns its standard output; a non-zero exit is an IOException quoting its error output. */
    String run(String... command) throws IOException {
        return run(Map.of(), command);
    }

    /** As {@link #run(String...)}, with variables added for this command only (such as SLURM_TIME_FORMAT). */
    String run(Map<String, String> extraEnv, String... command) throws IOException {
        ProcessBuilder builder = builder(List.of(command));
        builder.environment().putAll(extraEnv);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("cannot run " + command[0] + ": " + e.getMessage()
                    + "; install Slurm's clients (apt-get install slurm-wlm) or put them on PATH", e);
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IOException(String.join(" ", command) + " did not answer within " + TIMEOUT.toSeconds()
                        + " s; is slurmctld running and SLURM_CONF (" + env.get("SLURM_CONF") + ") right?");
            }
            int exit = process.exitValue();
            if (exit != 0) {
                throw new IOException(String.join(" ", command) + " failed with exit " + exit + ": " + err.get().strip());
            }
            return out.get();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        } catch (ExecutionException e) {
            throw new IOException("reading the output of " + String.join(" ", command) + " failed", e.getCause());
        }
    }

    /** Non-empty lines of a command's output. */
    static List<String> lines(String output) {
        List<String> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return lines;
    }

    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (in) {
                text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(new UncheckedIOException(e));
            }
        }, "slurm-client-output");
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}
