package org.scr4j.launch;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.io.FileUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * 'scr4j demo': runs the heat-diffusion example once without interruption, then again killed with
 * SIGKILL mid-run and restarted, and shows that the restarted run ends with the same checksum.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the heat-diffusion example, kill it with SIGKILL after a few checkpoints, restart it,",
            "and compare its final checksum with an uninterrupted run's.",
            "It uses examples/heat.conf and its own directories, /dev/shm/scr4j-demo and /tmp/scr4j-demo,",
            "which it empties first."})
final class DemoCommand implements Callable<Integer> {
    static final String APP = "org.scr4j.examples.HeatDiffusion";
    private static final Path TMP = Path.of("/tmp/scr4j-demo");
    private static final Path SHM = Path.of("/dev/shm/scr4j-demo");

    @Option(names = "--ranks", defaultValue = "4", description = "Ranks (threads) of the job (default: ${DEFAULT-VALUE}).")
    int ranks;

    @Option(names = "--size", defaultValue = "128", description = "Grid size N of the N x N field (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--steps", defaultValue = "300", description = "Time steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--kill-after", defaultValue = "5", paramLabel = "N",
            description = "Kill the job right after its Nth checkpoint completes (default: ${DEFAULT-VALUE}).")
    int killAfter;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path conf = Path.of(System.getenv().getOrDefault("SCR4J_HOME", "."), "examples", "heat.conf");
        if (!Files.isRegularFile(conf)) {
            throw new IOException("the demo's job file " + conf + " is missing; run the demo from an scr4j checkout (SCR4J_HOME)");
        }
        try {
            Class.forName(APP, false, DemoCommand.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IOException("the example application " + APP + " is not on the class path; build it with"
                    + " 'mvn -DskipTests install' (./scr4j adds examples/target/scr4j-examples.jar)", e);
        }
        FileUtils.deleteDirectory(TMP.toFile());
        FileUtils.deleteDirectory(SHM.toFile());
        List<String> args = List.of("--ranks", Integer.toString(ranks), "--size", Integer.toString(size), "--steps",
                Integer.toString(steps), "--sleep-ms", "5");
        out.printf("scr4j demo: heat diffusion on a %dx%d grid, %d steps, %d ranks (threads); job file %s%n%n", size, size, steps,
                ranks, conf);

        out.println("1. uninterrupted run (prefix " + TMP.resolve("reference") + ")");
        Map<String, String> reference = env(conf, "demo-reference", TMP.resolve("reference"));
        String expected;
        try (ChildJvm run = ChildJvm.start(APP, args, reference, TMP.getParent())) {
            expected = checksum(run, out);
            check(run.waitFor(600) == 0 && expected != null, "the uninterrupted run failed");
        }

        out.println();
        out.println("2. the same job, killed with SIGKILL right after its checkpoint number " + killAfter + " completed");
        Map<String, String> job = env(conf, "demo", TMP.resolve("prefix"));
        int[] completed = {0};
        String killedAt;
        try (ChildJvm run = ChildJvm.start(APP, args, job, TMP.getParent())) {
            killedAt = run.follow(line -> out.println("   | " + line),
                    line -> line.startsWith("checkpoint ") && line.endsWith(" complete") && ++completed[0] == killAfter, 600);
            check(killedAt != null, "the job ended before its checkpoint number " + killAfter + "; use fewer --kill-after or more --steps");
            run.kill();
            out.println("   killed pid " + run.pid() + " (SIGKILL: no shutdown hooks, nothing flushed)");
        }

        out.println();
        out.println("3. restart: the same command again");
        String actual;
        AtomicReference<String> restartedFrom = new AtomicReference<>();
        try (ChildJvm run = ChildJvm.start(APP, args, job, TMP.getParent())) {
            actual = run.follow(line -> {
                out.println("   | " + line);
                if (line.startsWith("restarted from ")) {
                    restartedFrom.set(line);
                }
            }, line -> line.startsWith("checksum "), 600);
            check(run.waitFor(600) == 0 && actual != null, "the restarted run failed");
        }
        check(restartedFrom.get() != null, "the restarted run did not restart from a checkpoint");

        out.println();
        out.println("uninterrupted: " + expected);
        out.println("restarted:     " + actual + "  (" + restartedFrom.get() + ")");
        boolean same = expected.equals(actual);
        out.println(same ? "identical: the job killed after '" + killedAt + "' lost nothing"
                : "DIFFERENT: the restarted job did not compute what the uninterrupted one did");
        out.println();
        out.println("look around: the prefix " + TMP.resolve("prefix") + " holds the flushed checkpoints and .scr4j/ (index,"
                + " log, halt); the cache is under " + SHM + " and " + TMP.resolve("ssd") + ". Remove both directories when done.");
        return same ? 0 : 1;
    }

    private static Map<String, String> env(Path conf, String job, Path prefix) {
        Map<String, String> env = new HashMap<>();
        env.put("SCR_CONF_FILE", conf.toString());
        env.put("SCR_JOB_ID", job);
        env.put("SCR_PREFIX", prefix.toString());
        env.put("SCR4J_NODE", "node0");
        return env;
    }

    private static String checksum(ChildJvm run, PrintWriter out) throws InterruptedException {
        return run.follow(line -> out.println("   | " + line), line -> line.startsWith("checksum "), 600);
    }

    private static void check(boolean condition, String problem) throws IOException {
        if (!condition) {
            throw new IOException("demo: " + problem);
        }
    }
}
