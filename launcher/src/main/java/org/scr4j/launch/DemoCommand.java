package org.scr4j.launch;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.apache.commons.io.FileUtils;
import org.scr4j.launch.local.CrashSchedule;
import org.scr4j.launch.local.LocalBackend;
import org.scr4j.launch.run.Allocation;
import org.scr4j.launch.run.Drainer;
import org.scr4j.launch.run.JavaCommand;
import org.scr4j.launch.run.JobContext;
import org.scr4j.launch.run.LauncherState;
import org.scr4j.launch.run.Prerun;
import org.scr4j.launch.run.RelaunchLoop;
import org.scr4j.launch.run.RunSettings;
import org.scr4j.launch.run.StepMonitor;
import org.scr4j.launch.run.StepOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * 'scr4j demo': the heat example, one process per rank on simulated nodes with XOR on the RAM
 * tier, run once without interruption and once with a node crashed mid-run: the launcher
 * relaunches on the spare, the lost node's files are rebuilt, the job finishes, the cache is
 * drained, and both runs' final checksums are printed side by side.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the heat example on simulated nodes (one JVM per rank) with XOR on the RAM tier, crash a node",
            "mid-run, relaunch on a spare node, rebuild, finish, drain, and compare the final checksum with an",
            "uninterrupted run's. Uses examples/heat-multinode.conf, the prefix ./scr4j-demo and /dev/shm/scr4j-demo",
            "(emptied first; the /dev/shm directory is removed at the end)."},
        footer = {"", "Examples:", "  ./scr4j demo", "  ./scr4j demo --nodes 6 --spares 2 --steps 200 --crash-after 5"})
final class DemoCommand implements Callable<Integer> {
    static final String APP = "org.scr4j.examples.HeatProcess";
    private static final Path SHM = Path.of("/dev/shm/scr4j-demo");
    private static final Pattern CHECKSUM = Pattern.compile("rank (\\d+) step (\\d+) checksum ([0-9a-f]+)");

    @Option(names = "--nodes", defaultValue = "4", description = "Nodes the job uses (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--spares", defaultValue = "1", description = "Spare nodes (default: ${DEFAULT-VALUE}).")
    int spares;

    @Option(names = "--size", defaultValue = "64", description = "Each rank's tile is N x N (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--steps", defaultValue = "150", description = "Time steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--crash-after", defaultValue = "4", paramLabel = "K",
            description = "Crash node n2 once K checkpoints are committed (default: ${DEFAULT-VALUE}).")
    int crashAfter;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Path conf = Path.of(System.getenv().getOrDefault("SCR4J_HOME", "."), "examples", "heat-multinode.conf").toAbsolutePath();
        if (!Files.isRegularFile(conf)) {
            throw new IOException("the demo's job file " + conf + " is missing; run the demo from an scr4j checkout (SCR4J_HOME)");
        }
        try {
            Class.forName(APP, false, DemoCommand.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IOException("the example application " + APP + " is not on the class path; build it with"
                    + " 'mvn -DskipTests install' (./scr4j adds examples/target/scr4j-examples.jar)", e);
        }
        Path root = Path.of("scr4j-demo").toAbsolutePath();
        FileUtils.deleteDirectory(root.toFile());
        FileUtils.deleteDirectory(SHM.toFile());
        out.printf("scr4j demo: heat diffusion, %d ranks on %d simulated nodes + %d spare, %dx%d cells per rank, %d steps;"
                + " XOR on the RAM tier (job file %s)%n%n", nodes, nodes, spares, size, size, steps, conf);
        try {
            out.println("1. uninterrupted run (prefix " + root.resolve("reference") + ")");
            Job reference = run(conf, root.resolve("reference"), 0, List.of(), out);
            out.println();
            out.println("2. the same job, node n2 crashed once " + crashAfter + " checkpoints are committed (its ranks killed, its"
                    + " RAM disk wiped)");
            Job crashed = run(conf, root.resolve("prefix"), spares, List.of("n2@checkpoint=" + crashAfter), out);
            out.println();
            out.println("3. drain: what only the cache holds goes to the prefix " + root.resolve("prefix"));
                try (JobContext job = JobContext.open(conf.toString(), Map.of("SCR_PREFIX", root.resolve("prefix").toString()))) {
                LauncherState state = LauncherState.require(job.control);
                boolean drained = new Drainer(job, state, job.backend(state), System.out).run(true);
                check(drained, "the drain failed");
                summary(out, job, reference, crashed);
            }
            boolean same = reference.checksum().equals(crashed.checksum());
            out.println(same ? "identical: the job that lost node n2 mid-run computed exactly what the uninterrupted one did"
                    : "DIFFERENT: the relaunched job did not compute what the uninterrupted one did");
            out.println();
            out.println("look around: " + root.resolve("prefix") + " holds the flushed checkpoints and .scr4j/ (index, log,"
                    + " halt, launcher.json); try ./scr4j index --conf " + conf + " with SCR_PREFIX=" + root.resolve("prefix"));
            return same ? 0 : 1;
        } finally {
            FileUtils.deleteDirectory(SHM.toFile());
        }
    }

    /** A finished job: its ranks' final checksums, and one over all of them. */
    private record Job(Map<Integer, String> ranks, String checksum, int lastStep, List<String> restarts) {
    }

    private Job run(Path conf, Path prefix, int spareNodes, List<String> crashes, PrintStream out) throws Exception {
        Map<Integer, String> checksums = new TreeMap<>();
        int[] step = {0};
        List<String> restarts = new ArrayList<>();
        StepOutput application = (rank, line, stderr) -> {
            Matcher m = CHECKSUM.matcher(line);
            synchronized (checksums) {
                if (m.matches()) {
                    checksums.put(Integer.parseInt(m.group(1)), m.group(3));
                    step[0] = Integer.parseInt(m.group(2));
                } else if (line.contains(" restarted from ")) {
                    restarts.add(line);
                }
            }
            if (m.matches() || line.contains(" restarted from ") || stderr && line.contains("ERROR")) {
                System.out.println("   | " + line);
            }
        };
        try (JobContext job = JobContext.open(conf.toString(), Map.of("SCR_PREFIX", prefix.toString()))) {
            String id = "demo-" + System.currentTimeMillis();
            LocalBackend backend = new LocalBackend(new Allocation(id, LocalBackend.nodeNames(nodes + spareNodes), 0), job.control,
                    job.storage(id));
            Instant start = Instant.now();
            LauncherState state = new Prerun(job, backend, System.out).prepare(1);
            List<StepMonitor> monitors = crashes.isEmpty() ? List.of() : List.of(new CrashSchedule(
                    crashes.stream().map(CrashSchedule.Crash::parse).toList(), backend, job.control.log(), start));
            RunSettings settings = new RunSettings(nodes, 1, 3, nodes, Optional.empty(), app(), List.of());
            RelaunchLoop.Ending ending = new RelaunchLoop(job, backend, state, settings, monitors, System.out, application).run();
            System.out.println("scr4j: " + ending.why());
            check(ending.finished(), "the job did not finish: " + ending.why());
            check(checksums.size() == nodes, "only " + checksums.size() + " of " + nodes + " ranks printed a checksum");
            CRC32C all = new CRC32C();
            checksums.values().forEach(c -> all.update(c.getBytes(StandardCharsets.US_ASCII)));
            return new Job(checksums, Long.toHexString(all.getValue()), step[0], restarts);
        }
    }

    private List<String> app() {
        return JavaCommand.of(List.of("-Xmx128m"), APP, List.of("--steps", Integer.toString(steps), "--size",
                Integer.toString(size), "--step-millis", "40"));
    }

    private static void summary(PrintStream out, JobContext job, Job reference, Job crashed) throws IOException {
        List<Map<String, Object>> log = job.control.log().read();
        long checkpoints = log.stream().filter(e -> "checkpoint".equals(e.get("event"))).count();
        long failures = log.stream().filter(e -> "failure".equals(e.get("event"))).count();
        double rebuild = log.stream().filter(e -> "rebuild".equals(e.get("event")))
                .mapToDouble(e -> ((Number) e.get("seconds")).doubleValue()).sum();
        out.println();
        out.println("summary");
        out.printf("  steps computed:     %d per rank%n", crashed.lastStep());
        out.printf("  checkpoints:        %d (XOR on the RAM tier; every 4th flushed)%n", checkpoints);
        out.printf("  failures survived:  %d%n", failures);
        out.printf("  rebuild time:       %.2f s%n", rebuild);
        crashed.restarts().stream().limit(1).forEach(r -> out.println("  relaunched:         " + r.strip()));
        out.printf("  final checksum:     %s (uninterrupted run: %s)%n", crashed.checksum(), reference.checksum());
        for (Map.Entry<Integer, String> e : crashed.ranks().entrySet()) {
            out.printf("    rank %d: %s (uninterrupted: %s)%n", e.getKey(), e.getValue(), reference.ranks().get(e.getKey()));
        }
    }

    private static void check(boolean condition, String problem) throws IOException {
        if (!condition) {
            throw new IOException("demo: " + problem);
        }
    }
}
