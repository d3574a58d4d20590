package org.scr4j.launch.chaos;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.io.FileUtils;
import org.scr4j.launch.local.LocalBackend;
import org.scr4j.launch.run.JobContext;

/**
 * One chaos trial: the heat example under {@code scr4j run} (a JVM of its own, one JVM per rank)
 * on simulated nodes, with the plan's faults fired while it runs. After a launcher kill,
 * {@code scr4j run} starts again in the same directory, in the same allocation (its caches
 * survive) or a new one (they are gone). After the launcher stops by design (too few nodes, no
 * runs left), it starts again on fresh nodes. The trial ends when a launcher exits 0, when it
 * exits otherwise without a documented reason, or at its deadline; then none of its processes and
 * none of its /dev/shm directories are left.
 */
final class ChaosTrial {
    private static final long POLL_MILLIS = 20;

    private final TrialPlan plan;
    private final Map<Integer, String> expected;
    private final Path dir;
    private final Map<String, String> env;
    private final List<String> app;
    private final String appClass;

    /**
     * @param dir      the trial's directory (job file, prefix, the launchers' output)
     * @param env      the launchers' environment
     * @param app      the application's command line without its arguments
     * @param appClass the application's main class, which tells its ranks from the launcher's helper steps
     */
    ChaosTrial(TrialPlan plan, Map<Integer, String> expected, Path dir, Map<String, String> env, List<String> app, String appClass) {
        this.plan = requireNonNull(plan, "plan is null");
        this.expected = Map.copyOf(expected);
        this.dir = requireNonNull(dir, "dir is null");
        this.env = Map.copyOf(env);
        this.app = List.copyOf(app);
        this.appClass = requireNonNull(appClass, "appClass is null");
    }

    /** Generous: a healthy trial takes a fraction of it; only a hang reaches it. */
    Duration deadline() {
        return Duration.ofSeconds(120 + 60L * plan.faults().size()).plusMillis(3L * plan.steps() * plan.stepMillis());
    }

    TrialRecord run() throws IOException, InterruptedException {
        // An earlier run's trial of this number in the same work directory must not lend the job its prefix.
        FileUtils.deleteDirectory(dir.toFile());
        Files.createDirectories(dir);
        Path conf = dir.resolve("job.conf");
        Path shm = Files.createTempDirectory(Path.of("/dev/shm"), "scr4j-chaos-");
        TrialProcesses processes = new TrialProcesses("seed" + plan.seed() + "-trial" + plan.trial() + "-" + System.nanoTime());
        Attempt attempt = new Attempt(conf, processes);
        Optional<String> failure;
        try (TrialCleanup cleanup = new TrialCleanup(processes, shm)) {
            Files.write(conf, plan.jobFile(shm.toString(), dir.resolve("prefix").toString()));
            try (JobContext job = JobContext.isolated(conf, attempt.env)) {
                failure = attempt.launchUntilDone(job);
            }
        } catch (IOException | RuntimeException e) {
            failure = Optional.of("scr4j chaos could not go on with the trial: " + e);
        }
        TrialVerdict verdict = TrialVerdict.classify(plan.nodes(), plan.steps(), expected, attempt.observer.runs(), attempt.fired,
                attempt.stops, failure);
        return new TrialRecord(plan, attempt.fired, verdict, attempt.launches, (System.nanoTime() - attempt.start) / 1e9);
    }

    /** The trial as it goes: launches of scr4j run, faults fired, stops by design. */
    private final class Attempt {
        final long start = System.nanoTime();
        final long deadline = start + deadline().toNanos();
        final Path conf;
        final TrialProcesses processes;
        final Map<String, String> env;
        final TrialObserver observer = new TrialObserver();
        final Schedule schedule = new Schedule(plan.faults(), start);
        final List<FiredFault> fired = new ArrayList<>();
        final List<String> stops = new ArrayList<>();
        int launches;
        int allocation = 1;

        Attempt(Path conf, TrialProcesses processes) {
            this.conf = conf;
            this.processes = processes;
            this.env = new HashMap<>(ChaosTrial.this.env);
            env.putAll(processes.environment());
        }

        /** Launches scr4j run until one exits 0; empty then, else why the trial failed. */
        Optional<String> launchUntilDone(JobContext job) throws IOException, InterruptedException {
            FaultInjector injector = new FaultInjector(job, processes, appClass);
            while (launches <= plan.faults().size() + 1) {
                launches++;
                env.put("SCR_JOB_ID", jobId(allocation));
                observer.launcherStarted();
                Path log = dir.resolve("launcher-" + launches + ".out");
                LauncherRun launcher = LauncherRun.start(runArgs(conf), dir, env, log, observer::line);
                Optional<Fault> killedBy = fireWhileRunning(launcher, injector);
                if (launcher.alive() && killedBy.isEmpty()) {
                    processes.killLauncher(launcher.handle());
                    launcher.exitCode();
                    return Optional.of("hang: the job did not end within the trial's deadline of " + deadline().toSeconds()
                            + " s; see " + log);
                }
                int exit = launcher.exitCode();
                // Nothing a launcher started may outlive it: a stray rank would write into the next one's caches.
                processes.endAll();
                if (killedBy.isPresent()) {
                    if (killedBy.get().newAllocation()) {
                        endAllocation(job, allocation++);
                    }
                } else if (exit == 0) {
                    return Optional.empty();
                } else if (observer.stopReason().isPresent()) {
                    stops.add(observer.stopReason().get());
                    endAllocation(job, allocation++);
                } else {
                    return Optional.of("scr4j run exited with " + exit + " and no documented reason to stop; see " + log);
                }
            }
            return Optional.of("the job did not finish in " + launches + " launches of scr4j run");
        }

        /** Fires the faults as they fall due while the launcher runs; returns the fault that killed it, if one did. */
        private Optional<Fault> fireWhileRunning(LauncherRun launcher, FaultInjector injector) throws IOException, InterruptedException {
            while (launcher.alive() && System.nanoTime() < deadline) {
                Optional<Fault> next = schedule.due(observer.commits());
                if (next.isPresent()) {
                    long now = System.nanoTime();
                    int newest = observer.newestCommit();
                    Optional<String> target = injector.fire(next.get(), launcher);
                    if (target.isPresent()) {
                        fired.add(new FiredFault(schedule.firedCount(), next.get(), now, (now - start) / 1e9, target.get(), newest));
                        schedule.fired(now, observer.commits());
                        if (next.get().kind() == FaultKind.LAUNCHER_KILL) {
                            return next;
                        }
                    }
                }
                Thread.sleep(POLL_MILLIS);
            }
            return Optional.empty();
        }
    }

    private String jobId(int allocation) {
        return "chaos" + plan.trial() + "-a" + allocation;
    }

    /** An allocation ended: its nodes' RAM disks are wiped, and the next launch gets fresh nodes and a new job id. */
    private void endAllocation(JobContext job, int allocation) throws IOException {
        for (String node : LocalBackend.nodeNames(plan.nodes() + plan.spares())) {
            job.storage(jobId(allocation)).wipe(node);
        }
    }

    private List<String> runArgs(Path conf) {
        List<String> args = new ArrayList<>(List.of("run", "--backend", "local", "--conf", conf.toString(),
                "--nodes", Integer.toString(plan.nodes()), "--spares", Integer.toString(plan.spares()),
                "--min-nodes", Integer.toString(plan.minNodes()), "--runs", Integer.toString(plan.runs()), "--"));
        args.addAll(app);
        args.addAll(plan.appArgs());
        return args;
    }

    /** When the next fault is due: its checkpoints counted from the previous fault, then its delay. */
    private static final class Schedule {
        private final Deque<Fault> pending;
        private long lastNanos;
        private int lastCommits;
        private long dueNanos = -1;
        private int fired;

        Schedule(List<Fault> faults, long start) {
            this.pending = new ArrayDeque<>(faults);
            this.lastNanos = start;
        }

        Optional<Fault> due(int commits) {
            Fault next = pending.peek();
            if (next == null) {
                return Optional.empty();
            }
            long now = System.nanoTime();
            if (dueNanos < 0) {
                if (next.afterCheckpoints() == 0) {
                    dueNanos = lastNanos + next.delayMillis() * 1_000_000;
                } else if (commits - lastCommits >= next.afterCheckpoints()) {
                    dueNanos = now + next.delayMillis() * 1_000_000;
                }
            }
            return dueNanos >= 0 && now >= dueNanos ? Optional.of(next) : Optional.empty();
        }

        void fired(long nanos, int commits) {
            pending.poll();
            fired++;
            lastNanos = nanos;
            lastCommits = commits;
            dueNanos = -1;
        }

        int firedCount() {
            return fired;
        }
    }
}
