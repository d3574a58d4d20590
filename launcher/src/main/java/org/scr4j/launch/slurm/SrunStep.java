package org.scr4j.launch.slurm;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.scr4j.launch.run.Step;
import org.scr4j.launch.run.StepResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One srun and the job step it runs. The ranks' lines arrive labelled; srun's own lines are read
 * for failures its exit code hides. {@link #kill()} ends the step's tasks through Slurm and lets
 * srun end by itself: SIGKILL to srun would leave the ranks running on their nodes, or (during the
 * launch) a step record Slurm keeps until the job ends.
 */
final class SrunStep implements Step {
    private static final Logger LOG = LoggerFactory.getLogger(SrunStep.class);
    /** After scancel --signal=KILL, srun ends as soon as slurmstepd reports the tasks dead (well under a second here). */
    private static final Duration SRUN_GRACE = Duration.ofSeconds(10);
    private static final Duration SIGNAL_INTERVAL = Duration.ofMillis(300);
    /** How long kill() waits for a step to leave squeue after srun ended; one on a dead node stays until the node is marked down. */
    private static final Duration STEP_GONE = Duration.ofSeconds(15);

    private final SlurmClient client;
    private final SrunCommand command;
    private final Process srun;
    private final SrunReport report;
    private final Thread stdout;
    private final Thread stderr;
    private final Object outputLock = new Object();
    private volatile RuntimeException outputFailure;
    private volatile boolean killed;
    private StepResult result;

    private SrunStep(SlurmClient client, SrunCommand command, Process srun) {
        this.client = client;
        this.command = command;
        this.srun = srun;
        this.report = new SrunReport(command.spec().placement());
        this.stdout = reader(srun.getInputStream(), false);
        this.stderr = reader(srun.getErrorStream(), true);
        srun.onExit().thenRun(this::deleteHostFile);
    }

    /** Writes the host file and starts srun. */
    static SrunStep start(SlurmClient client, SrunCommand command) throws IOException {
        requireNonNull(client, "client is null");
        requireNonNull(command, "command is null");
        Files.writeString(command.hostFile(), SrunCommand.hostFile(command.spec().placement()), StandardCharsets.UTF_8);
        ProcessBuilder builder = client.builder(command.argv());
        builder.environment().clear();
        builder.environment().putAll(command.environment(client.env()));
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            return new SrunStep(client, command, builder.start());
        } catch (IOException e) {
            Files.deleteIfExists(command.hostFile());
            throw new IOException("cannot start srun for " + command.spec().label() + ": " + e.getMessage()
                    + "; install Slurm's clients (apt-get install slurm-wlm) or put srun on PATH", e);
        }
    }

    private Thread reader(InputStream stream, boolean isStderr) {
        int ranks = command.spec().ranks();
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String raw; (raw = in.readLine()) != null; ) {
                    LabeledLine line = LabeledLine.parse(raw, ranks);
                    report.line(line.rank(), line.text());
                    deliver(line, isStderr);
                }
            } catch (IOException e) {
                deliver(new LabeledLine(-1, "(scr4j: reading srun's output failed: " + e.getMessage() + ")"), true);
            }
        }, "srun-" + command.stepName() + (isStderr ? "-err" : "-out"));
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Passes a line on, one at a time; once the receiver has thrown, keeps draining srun so it cannot block. */
    private void deliver(LabeledLine line, boolean isStderr) {
        synchronized (outputLock) {
            if (outputFailure != null) {
                return;
            }
            try {
                command.spec().output().line(line.rank(), line.text(), isStderr);
            } catch (RuntimeException e) {
                outputFailure = e;
            }
        }
    }

    private void deleteHostFile() {
        try {
            Files.deleteIfExists(command.hostFile());
        } catch (IOException e) {
            LOG.warn("{}: could not delete the host file {}: {}", command.spec().label(), command.hostFile(), e.toString());
        }
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!srun.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            return false;
        }
        // Every line is passed on before the step counts as ended.
        for (Thread t : List.of(stdout, stderr)) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void kill() throws IOException, InterruptedException {
        if (!srun.isAlive()) {
            return;
        }
        killed = true;
        // srun must outlive its step: killed while it creates or launches the step, it leaves a step
        // record that Slurm 22.05 keeps RUNNING until the job ends, whatever scancel says. So SIGKILL
        // the step's tasks, again and again (a signal sent before they exist reaches nothing), until
        // srun sees them dead and exits by itself.
        long deadline = System.nanoTime() + SRUN_GRACE.toNanos();
        IOException lastFailure = null;
        while (srun.isAlive() && System.nanoTime() < deadline) {
            try {
                Optional<String> step = stepId();
                if (step.isPresent()) {
                    client.run("scancel", "--signal=KILL", step.get());
                }
                lastFailure = null;
            } catch (IOException e) {
                lastFailure = e; // the step may have ended between squeue and scancel; the next round tells
            }
            srun.waitFor(SIGNAL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (srun.isAlive()) {
            // A node that does not answer keeps srun waiting until Slurm marks it down (SlurmdTimeout).
            LOG.warn("{}: srun (pid {}) still runs {} s after its tasks were sent SIGKILL{}; killing srun",
                    command.spec().label(), srun.pid(), SRUN_GRACE.toSeconds(),
                    lastFailure == null ? "" : " (scancel: " + lastFailure.getMessage() + ")");
            srun.destroyForcibly();
            srun.waitFor();
        }
        try {
            cancelUntilGone();
        } catch (IOException e) {
            if (lastFailure != null) {
                e.addSuppressed(lastFailure);
            }
            throw new IOException(command.spec().label() + ": srun ended, but step " + command.stepName() + " of job "
                    + command.jobId() + " may still run: " + e.getMessage() + "; check with squeue -s -j " + command.jobId(), e);
        }
    }

    /** srun is gone; its step may not be (srun killed before the step was listed, or a node not answering). */
    private void cancelUntilGone() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STEP_GONE.toNanos();
        boolean cancelled = false;
        IOException cancelFailure = null;
        for (Optional<String> step = stepId(); step.isPresent(); step = stepId()) {
            if (System.nanoTime() > deadline) {
                if (!cancelled && cancelFailure != null) {
                    throw cancelFailure;
                }
                LOG.warn("{}: step {} is still listed {} s after scancel; a node of it is probably not responding,"
                        + " and Slurm ends the step once it marks the node down", command.spec().label(), step.get(),
                        STEP_GONE.toSeconds());
                return;
            }
            if (!cancelled) {
                try {
                    // SIGKILL now rather than after KillWait (30 s by default), then end the step itself.
                    client.run("scancel", "--signal=KILL", step.get());
                    client.run("scancel", step.get());
                    cancelled = true;
                } catch (IOException e) {
                    // It may have ended between squeue and scancel ("already completing"); the next squeue tells.
                    cancelled = String.valueOf(e.getMessage()).contains("already completing");
                    cancelFailure = e;
                }
            }
            Thread.sleep(250);
        }
    }

    /** The step's id (JOB.STEP) while squeue lists it, found by its unique name; none once the job is gone. */
    private Optional<String> stepId() throws IOException {
        String out;
        try {
            out = client.run("squeue", "-h", "-s", "-j", command.jobId(), "-o", "%i|%j");
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("Invalid job id")) {
                return Optional.empty(); // the job ended and was purged: no step of it runs
            }
            throw e;
        }
        for (String line : SlurmClient.lines(out)) {
            int bar = line.indexOf('|');
            if (bar > 0 && line.substring(bar + 1).equals(command.stepName())) {
                return Optional.of(line.substring(0, bar));
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized StepResult result() {
        if (srun.isAlive() || stdout.isAlive() || stderr.isAlive()) {
            throw new IllegalStateException(command.spec().label() + " is still running; await() the step first");
        }
        if (outputFailure != null) {
            throw new IllegalStateException(command.spec().label() + ": the step's output receiver failed", outputFailure);
        }
        if (result == null) {
            result = report.result(srun.exitValue(), killed);
        }
        return result;
    }
}
