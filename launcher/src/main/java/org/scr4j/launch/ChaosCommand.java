package org.scr4j.launch;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.apache.commons.io.FileUtils;
import org.scr4j.launch.chaos.ChaosRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * 'scr4j chaos': randomized runs of the heat example under the launcher with random kills of
 * ranks, nodes and the launcher itself, each checked for the exact final checksums or a
 * documented fallback.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Randomized trials of the heat example under scr4j run (a JVM for the launcher, one per rank) on"
            + " simulated nodes. Each trial draws from the seed a job (scheme SINGLE, PARTNER, XOR or RS; 3-5 nodes and 0-2"
            + " spares; the checkpoint and flush cadence; synchronous or asynchronous flush) and 1-3 faults at random"
            + " moments: a rank's process killed (SIGKILL), a node crashed (its ranks killed, its RAM disk wiped), or the"
            + " launcher killed with everything it started, after which scr4j run starts again in the same directory (in"
            + " the same allocation, or a new one whose caches are gone).",
            "",
            "A trial passes when every rank's final checksum equals the uninterrupted computation's: recovered-newest (each"
            + " restart began at the newest checkpoint committed before its fault), recovered-older (a documented fallback"
            + " to an older checkpoint or to the start), or refused (the launcher stopped by design, such as too few nodes"
            + " or no runs left, and said why; a rerun on fresh nodes was exact). A hang past the trial's deadline or an"
            + " unexplained stop is a failure; a wrong checksum is a SILENT CORRUPTION.",
            "",
            "Exit status: 0 every trial passed, 1 a trial failed, 3 a silent corruption. A failed trial's directory (job"
            + " file, prefix, the launchers' output) is kept."},
        footer = {"", "Examples:", "  scr4j chaos --trials 10 --seed 42",
            "  scr4j chaos --trials 200 --seed 42 --json chaos.json   # the full run",
            "  scr4j chaos --seed 42 --trial 17 --keep --dir /tmp/t17 # trial 17 again"})
final class ChaosCommand implements Callable<Integer> {
    static final String APP = "org.scr4j.examples.HeatProcess";

    @Option(names = "--trials", defaultValue = "200", paramLabel = "N", description = "Trials to run (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--seed", paramLabel = "S", description = "The seed every trial is drawn from (default: a random one, printed).")
    Long seed;

    @Option(names = "--trial", paramLabel = "K", description = "Run trial K of --seed alone, as it ran before.")
    Integer trial;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the per-trial records and the totals here (after every trial).")
    Path json;

    @Option(names = "--dir", paramLabel = "DIR", description = "Work directory (default: a new temporary one).")
    Path dir;

    @Option(names = "--keep", description = "Keep every trial's directory (default: only those of failed trials).")
    boolean keep;

    /** For tests: flips a bit of rank 0's expected checksum, so that a correct job must be reported as a silent corruption. */
    @Option(names = "--corrupt-expected", hidden = true)
    boolean corruptExpected;

    @Override
    public Integer call() throws Exception {
        if (trials < 1) {
            throw new IllegalArgumentException("--trials must be at least 1, not " + trials);
        }
        if (trial != null && seed == null) {
            throw new IllegalArgumentException("--trial " + trial + " reruns a trial of a known seed; give the seed that"
                    + " scr4j chaos printed with it, such as --seed 42 --trial " + trial);
        }
        if (trial != null && trial < 1) {
            throw new IllegalArgumentException("--trial counts from 1, not " + trial);
        }
        try {
            Class.forName(APP, false, ChaosCommand.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IOException("the heat example " + APP + " is not on the class path; build it with 'mvn -DskipTests install'"
                    + " (./scr4j adds examples/target/scr4j-examples.jar)", e);
        }
        if (!Files.isDirectory(Path.of("/dev/shm"))) {
            throw new IOException("scr4j chaos keeps the simulated nodes' RAM disks in /dev/shm, which this machine lacks");
        }
        long chosen = seed != null ? seed : new SecureRandom().nextLong();
        boolean temporary = dir == null;
        Path work = temporary ? Files.createTempDirectory("scr4j-chaos-") : dir.toAbsolutePath();
        Files.createDirectories(work);
        List<Integer> which = trial != null ? List.of(trial) : IntStream.rangeClosed(1, trials).boxed().toList();
        PrintStream out = System.out;
        ChaosRunner runner = new ChaosRunner(chosen, work, environment(), APP, keep, corruptExpected, json, out);
        int status = runner.run(which);
        if (temporary && !runner.keptAny()) {
            FileUtils.deleteDirectory(work.toFile());
        }
        return status;
    }

    /**
     * The launchers' environment: this one's, without SCR_ settings and Slurm's (each trial has a
     * job file of its own and runs on simulated nodes) and without what scr4j sets for ranks.
     */
    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        List<String> dropped = env.keySet().stream().filter(k -> k.startsWith("SCR_") || k.startsWith("SLURM")).sorted().toList();
        env.keySet().removeIf(k -> k.startsWith("SCR_") || k.startsWith("SLURM") || k.startsWith("SCR4J_") && !k.equals("SCR4J_HOME"));
        if (!dropped.isEmpty()) {
            System.out.println("scr4j chaos: not passed on to the trials' jobs (each has a job file of its own): "
                    + String.join(", ", dropped));
        }
        return env;
    }
}
