package org.scr4j.launch.chaos;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.io.FileUtils;

/**
 * The final checksum of every rank's tile as the uninterrupted computation gives it, once per job
 * shape: one run of the heat example under {@code scr4j run}, with as many ranks as the most any
 * trial of that shape has, that never checkpoints (its interval is beyond the last step) and is
 * never disturbed. A rank's tile depends on its rank, the size and the steps only, not on how
 * many ranks run.
 */
final class ReferenceChecksums {
    private static final long TIMEOUT_SECONDS = 300;

    private final Path dir;
    private final Map<String, String> env;
    private final List<String> app;
    private final Map<TrialPlan.Shape, Map<Integer, String>> known = new HashMap<>();

    /** {@code app}: the application's command line without its arguments. */
    ReferenceChecksums(Path dir, Map<String, String> env, List<String> app) {
        this.dir = requireNonNull(dir, "dir is null");
        this.env = Map.copyOf(env);
        this.app = List.copyOf(app);
    }

    /** True when ranks 0 to {@code ranks - 1} of this shape are known. */
    boolean has(TrialPlan.Shape shape, int ranks) {
        return known.containsKey(shape) && known.get(shape).size() >= ranks;
    }

    /** The checksums of ranks 0 to at least {@code ranks - 1}. */
    Map<Integer, String> of(TrialPlan.Shape shape, int ranks) throws IOException, InterruptedException {
        if (!has(shape, ranks)) {
            known.put(shape, compute(shape, ranks));
        }
        return known.get(shape);
    }

    private Map<Integer, String> compute(TrialPlan.Shape shape, int ranks) throws IOException, InterruptedException {
        Path work = dir.resolve(shape.size() + "x" + shape.steps());
        FileUtils.deleteDirectory(work.toFile());
        Files.createDirectories(work);
        Path conf = work.resolve("job.conf");
        Path shm = Files.createTempDirectory(Path.of("/dev/shm"), "scr4j-chaos-ref-");
        Files.write(conf, List.of("STORE=" + shm + "/ram NAME=ram TYPE=ramdisk COUNT=1", "CKPT=0 INTERVAL=1 STORE=ram TYPE=SINGLE",
                "SCR_PREFIX=" + work.resolve("prefix"), "SCR_CHECKPOINT_INTERVAL=" + (shape.steps() + 1), "SCR_FLUSH=0"));
        List<String> args = new ArrayList<>(List.of("run", "--backend", "local", "--conf", conf.toString(), "--nodes",
                Integer.toString(ranks), "--runs", "1", "--"));
        args.addAll(app);
        args.addAll(List.of("--steps", Integer.toString(shape.steps()), "--size", Integer.toString(shape.size()), "--step-millis", "0"));
        TrialObserver observer = new TrialObserver();
        TrialProcesses processes = new TrialProcesses("reference-" + shape.size() + "x" + shape.steps() + "-" + System.nanoTime());
        Map<String, String> runEnv = new HashMap<>(env);
        runEnv.putAll(processes.environment());
        runEnv.put("SCR_JOB_ID", "chaos-reference");
        int exit;
        try (TrialCleanup cleanup = new TrialCleanup(processes, shm)) {
            LauncherRun launcher = LauncherRun.start(args, work, runEnv, work.resolve("launcher.out"), observer::line);
            if (!launcher.awaitExit(TIMEOUT_SECONDS)) {
                throw new IOException("the uninterrupted reference run in " + work + " did not end within " + TIMEOUT_SECONDS + " s");
            }
            exit = launcher.exitCode();
        }
        Map<Integer, String> checksums = new TreeMap<>();
        List<RunRecord> runs = observer.runs();
        if (!runs.isEmpty()) {
            runs.get(runs.size() - 1).checksums().forEach((rank, c) -> {
                if (c.step() == shape.steps()) {
                    checksums.put(rank, c.hex());
                }
            });
        }
        if (exit != 0 || checksums.size() != ranks) {
            throw new IOException("the uninterrupted reference run (" + shape + ") exited with " + exit + " and gave "
                    + checksums.size() + " of " + ranks + " final checksums; see " + work.resolve("launcher.out")
                    + " and launcher.out.err there");
        }
        return checksums;
    }
}
