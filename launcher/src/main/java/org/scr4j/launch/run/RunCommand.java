package org.scr4j.launch.run;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.scr4j.conf.ScrConfig;
import org.scr4j.fault.CrashPoints;
import org.scr4j.launch.local.CrashSchedule;
import org.scr4j.launch.local.LocalBackend;
import org.scr4j.launch.slurm.SlurmBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** 'scr4j run': prerun, the relaunch loop, postrun (drain). */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a job's steps in an allocation and relaunch them on healthy and spare nodes after a node"
                + " failure or a hang; drain the cache to the prefix at the end.",
        footer = {"", "Examples:",
                "  scr4j run --nodes 4 --spares 1 --conf job.conf -- java -cp app.jar my.Main   # 5 simulated nodes here",
                "  salloc -N5 --no-kill scr4j run --backend slurm --spares 1 -- java -cp app.jar my.Main"})
public final class RunCommand implements Callable<Integer> {
    @Option(names = "--nodes", paramLabel = "N", description = "Nodes a step uses (local default 4; slurm: the allocation's nodes minus the spares).")
    Integer nodes;

    @Option(names = "--ranks-per-node", paramLabel = "R", defaultValue = "1", description = "Ranks per node (default 1).")
    int ranksPerNode;

    @Option(names = "--spares", paramLabel = "S", defaultValue = "0", description = "Spare nodes that take over from failed ones (default 0).")
    int spares;

    @Option(names = "--runs", paramLabel = "K", description = "The most steps to launch, -1 for no limit (default SCR_RUNS).")
    Integer runs;

    @Option(names = "--min-nodes", paramLabel = "M", description = "Stop when fewer healthy nodes remain (default SCR_MIN_NODES, else --nodes).")
    Integer minNodes;

    @Option(names = "--backend", paramLabel = "local|slurm", description = "Where steps run (default: slurm inside a Slurm allocation, else local).")
    String backend;

    @Option(names = "--watchdog", paramLabel = "SECONDS", description = "Kill and relaunch a step without progress for this long (default SCR_WATCHDOG_TIMEOUT when SCR_WATCHDOG=1).")
    Long watchdog;

    @Option(names = "--inject", paramLabel = "NODE@checkpoint=K|NODE@seconds=S", description = "Local backend: crash NODE once K checkpoints are committed, or S seconds after the start (tests, demos).")
    List<String> inject = new ArrayList<>();

    @Option(names = "--conf", paramLabel = "FILE", description = "The job file (default $SCR_CONF_FILE).")
    String conf;

    @Parameters(paramLabel = "COMMAND", description = "The application, started once per rank.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        try (JobContext job = JobContext.open(conf)) {
            ScrConfig config = job.environment.config;
            String which = backend != null ? backend : job.env().containsKey("SLURM_JOB_ID") ? "slurm" : "local";
            Backend chosen;
            int slots;
            switch (which) {
                case "local" -> {
                    slots = nodes == null ? 4 : nodes;
                    String id = config.get("scr.job.id").isEmpty()
                            ? "local-" + System.currentTimeMillis() : config.get("scr.job.id");
                    chosen = new LocalBackend(new Allocation(id, LocalBackend.nodeNames(slots + spares), 0), job.control,
                            job.storage(id));
                }
                case "slurm" -> {
                    if (!inject.isEmpty()) {
                        throw new IllegalArgumentException("--inject crashes simulated nodes; with --backend slurm, crash a node"
                                + " with scripts/slurm-local kill-node (or for real)");
                    }
                    chosen = new SlurmBackend(job.env());
                    int size = chosen.allocation().nodes().size();
                    slots = nodes == null ? size - spares : nodes;
                    if (slots + spares > size) {
                        throw new IllegalArgumentException("the allocation has " + size + " node(s), and --nodes " + slots
                                + " with --spares " + spares + " needs " + (slots + spares) + ". Fix: allocate more nodes or ask for fewer");
                    }
                }
                default -> throw new IllegalArgumentException("--backend " + which + ": choose local or slurm");
            }
            RunSettings settings = new RunSettings(slots, ranksPerNode, runs != null ? runs : config.getInt("scr.runs"),
                    minNodes != null ? minNodes : config.getInt("scr.min.nodes"), watchdog(config), command,
                    job.excludedNodes());
            Instant start = Instant.now();
            LauncherState state = new Prerun(job, chosen, out).prepare(ranksPerNode);
            List<StepMonitor> monitors = new ArrayList<>();
            if (!inject.isEmpty()) {
                monitors.add(new CrashSchedule(inject.stream().map(CrashSchedule.Crash::parse).toList(), (LocalBackend) chosen,
                        job.control.log(), start));
            }
            RelaunchLoop loop = new RelaunchLoop(job, chosen, state, settings, monitors, out,
                    (rank, line, stderr) -> (stderr ? System.err : out).println(line));
            RelaunchLoop.Ending ending = loop.run();
            out.println("scr4j: " + ending.why());
            boolean drained = true;
            if (!ending.finished()) {
                if (job.flushEvery() > 0) {
                    CrashPoints.reach(CrashPoints.LAUNCHER_DRAIN);
                    drained = new Drainer(job, loop.state(), chosen, out).run(true);
                } else {
                    out.println("scr4j: no drain: SCR_FLUSH=0 keeps checkpoints off the prefix");
                }
            }
            out.printf("scr4j: %s after %d run(s), %d failure(s) survived, in %d s%n",
                    ending.finished() ? "finished" : ending.halted() ? "halted" : "stopped",
                    ending.runs(), ending.failures(), Duration.between(start, Instant.now()).toSeconds());
            return (ending.finished() || ending.halted()) && drained ? 0 : 1;
        }
    }

    private Optional<Duration> watchdog(ScrConfig config) {
        if (watchdog != null) {
            if (watchdog <= 0) {
                throw new IllegalArgumentException("--watchdog must be a positive number of seconds, not " + watchdog);
            }
            return Optional.of(Duration.ofSeconds(watchdog));
        }
        long timeout = config.getLong("scr.watchdog.timeout");
        return config.getBoolean("scr.watchdog") && timeout > 0 ? Optional.of(Duration.ofSeconds(timeout)) : Optional.empty();
    }
}
