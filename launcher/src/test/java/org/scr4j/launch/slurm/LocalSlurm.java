package org.scr4j.launch.slurm;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Slurm on 127.0.0.1 for tests: scripts/slurm-local's four nodes n[1-4] in a directory of
 * their own, and one allocation on all of them made as a user would (salloc -N4 --no-kill).
 * Everything it starts it ends by PID.
 */
final class LocalSlurm implements AutoCloseable {
    static final String INSTALL = "apt-get install -y --no-install-recommends slurm-wlm (or run .ci/run as root)";

    private final Path dir;
    private final Path script;
    private final Map<String, String> env;
    private Process salloc;
    private String jobId;
    private String nodelist;

    private LocalSlurm(Path dir, Path script) {
        this.dir = dir;
        this.script = script;
        Map<String, String> e = new HashMap<>(System.getenv());
        e.keySet().removeIf(k -> k.startsWith("SLURM_"));
        e.put("SLURM_CONF", dir.resolve("slurm.conf").toString());
        this.env = Map.copyOf(e);
    }

    /** Starts the daemons; fails (never skips) when Slurm is missing, naming the fix. */
    static LocalSlurm start() throws IOException, InterruptedException {
        for (String program : List.of("slurmctld", "slurmd", "salloc", "srun", "squeue", "sinfo", "scancel", "scontrol")) {
            if (onPath(program) == null) {
                fail("Slurm is not installed (" + program + " is not on PATH or in /usr/sbin); these tests run a real Slurm."
                        + " Fix: " + INSTALL);
            }
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            fail("the test Slurm runs its daemons as root (SlurmUser=root); run the tests as root, as .ci/run does");
        }
        // Under /tmp, not target/: slurmstepd's Unix sockets live in the spool directory, and socket paths are short.
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "scr4j-slurm-");
        LocalSlurm slurm = new LocalSlurm(dir, script());
        try {
            slurm.script("start");
        } catch (IOException | RuntimeException | Error e) {
            slurm.close();
            throw e;
        }
        return slurm;
    }

    /** Makes the allocation: salloc -N4 --no-kill, holding it with a sleep, as a user's shell would. */
    void allocate() throws IOException, InterruptedException {
        String name = "scr4j-test-" + ProcessHandle.current().pid();
        ProcessBuilder builder = builder(List.of("salloc", "-N4", "--no-kill", "--immediate=30", "--job-name=" + name,
                "sleep", "600"));
        builder.redirectOutput(dir.resolve("salloc.log").toFile()).redirectErrorStream(true);
        salloc = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && salloc.isAlive()) {
            String out = run("squeue", "-h", "--name=" + name, "-o", "%i|%T|%N").strip();
            String[] f = out.split("\\|");
            if (f.length == 3 && f[1].equals("RUNNING")) {
                jobId = f[0];
                nodelist = f[2];
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("salloc -N4 got no running allocation within 30 s: "
                + Files.readString(dir.resolve("salloc.log")) + "\n" + run("sinfo", "-N"));
    }

    /** The environment of a process inside the allocation, as salloc gives it. */
    Map<String, String> jobEnv() {
        Map<String, String> e = new HashMap<>(env);
        e.put("SLURM_JOB_ID", jobId);
        e.put("SLURM_JOB_NODELIST", nodelist);
        return Map.copyOf(e);
    }

    String jobId() {
        return jobId;
    }

    /** A node crash: its slurmd, step daemons and tasks get SIGKILL. */
    String killNode(String node) throws IOException, InterruptedException {
        return script("kill-node", node);
    }

    /** Runs a Slurm client with SLURM_CONF set; returns its output, fails on a non-zero exit. */
    String run(String... command) throws IOException, InterruptedException {
        return exec(builder(List.of(command)), String.join(" ", command));
    }

    private ProcessBuilder builder(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        return builder;
    }

    private String script(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(script.toString(), args[0], dir.toString()));
        command.addAll(List.of(args).subList(1, args.length));
        return exec(builder(command), "slurm-local " + String.join(" ", args));
    }

    private static String exec(ProcessBuilder builder, String what) throws IOException, InterruptedException {
        builder.redirectErrorStream(true);
        Process p = builder.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IOException(what + " did not end within 60 s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(what + " failed with exit " + p.exitValue() + ":\n" + text);
        }
        return text;
    }

    /** Cancels the allocation, ends salloc, stops the daemons by their PIDs, removes the directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        List<Exception> problems = new ArrayList<>();
        if (jobId != null) {
            try {
                run("scancel", jobId);
            } catch (IOException e) {
                problems.add(e);
            }
        }
        if (salloc != null) {
            if (!salloc.waitFor(10, TimeUnit.SECONDS)) {
                salloc.descendants().forEach(ProcessHandle::destroyForcibly);
                salloc.destroyForcibly().waitFor();
            }
        }
        try {
            script("stop");
        } catch (IOException e) {
            problems.add(e);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        if (!problems.isEmpty()) {
            IOException e = new IOException("stopping the test Slurm in " + dir + " went wrong: " + problems.get(0).getMessage());
            problems.forEach(e::addSuppressed);
            throw e;
        }
    }

    /** Waits until the condition holds, polling; returns how long it took, or fails after the limit. */
    static Duration poll(Duration limit, String what, CheckedCondition condition) throws Exception {
        long start = System.nanoTime();
        while (!condition.holds()) {
            if (System.nanoTime() - start > limit.toNanos()) {
                fail(what + " did not happen within " + limit.toSeconds() + " s");
            }
            Thread.sleep(250);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @FunctionalInterface
    interface CheckedCondition {
        boolean holds() throws Exception;
    }

    private static Path script() {
        for (Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("scripts/slurm-local");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("scripts/slurm-local not found above " + System.getProperty("user.dir"));
    }

    private static Path onPath(String program) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.add("/usr/sbin");
        for (String d : dirs) {
            Path p = Path.of(d.isEmpty() ? "." : d, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
