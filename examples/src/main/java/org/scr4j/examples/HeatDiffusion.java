package org.scr4j.examples;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.scr4j.conf.ConfigException;
import org.scr4j.conf.ConfigLoader;
import org.scr4j.conf.JobIdentity;
import org.scr4j.conf.Origin;
import org.scr4j.conf.ScrConfig;
import org.scr4j.examples.HeatOptions.UsageException;
import org.scr4j.group.InProcessGroup;

/**
 * A 2D heat-diffusion stencil that checkpoints through scr4j and can be killed at any instant and
 * restarted: its final field is bit for bit that of an uninterrupted run.
 *
 * <p>Ranks are threads of this process ("threads as ranks"): the rows of the field are split among
 * them, each step every rank computes its own rows of the next field from the current one, and the
 * ranks meet at the application's own barrier after each step. This class starts the job; how a
 * rank uses the scr4j API is in {@link HeatRank}, the numerics in {@link HeatField}, the checkpoint's
 * files in {@link HeatCheckpointFiles} and the command line in {@link HeatOptions}.
 *
 * <p>Lines on standard output that scripts and tests read: {@code restarted from <name> at step <n>},
 * {@code checkpoint <name> started|complete|failed} and finally
 * {@code checksum <sha-256 of the field> steps <steps>}.
 */
public final class HeatDiffusion {
    /** Checkpoint interval used when neither --checkpoint-every nor the configuration sets one. */
    public static final int DEFAULT_CHECKPOINT_EVERY = 10;

    static final String NAME = "heat-diffusion";

    private HeatDiffusion() {
    }

    /** The outcome of a run: rank 0's view of the final field. */
    public record Result(String checksum, int steps, boolean stoppedEarly, Optional<String> restartedFrom) {
    }

    public static void main(String[] args) {
        int status = execute(args, System.out, System.err);
        System.out.flush();
        System.err.flush();
        // The library or Hadoop may leave non-daemon threads behind; the job is over.
        System.exit(status);
    }

    /** Runs the command line; returns the exit status: 0 done, 1 failed, 2 bad arguments or configuration. */
    static int execute(String[] args, PrintStream out, PrintStream err) {
        if (HeatOptions.asksForHelp(args)) {
            out.print(HeatOptions.USAGE);
            out.flush();
            return 0;
        }
        HeatOptions options;
        try {
            options = HeatOptions.parse(args);
        } catch (UsageException e) {
            err.println(NAME + ": " + e.getMessage());
            err.print(HeatOptions.USAGE);
            err.flush();
            return 2;
        }
        try {
            Result result = run(options, out, err);
            if (result.stoppedEarly()) {
                say(out, "stopped at step " + result.steps() + " of " + options.steps() + ": scr4j asked the job to exit");
            }
            say(out, "checksum " + result.checksum() + " steps " + result.steps());
            return 0;
        } catch (ConfigException e) {
            err.println(NAME + ": " + e.getMessage());
            err.flush();
            return 2;
        } catch (Exception | Error e) {
            err.println(NAME + ": error: " + e);
            e.printStackTrace(err);
            err.flush();
            return 1;
        }
    }

    /** Runs the job: one thread per rank, each with its own {@link org.scr4j.Scr}. */
    public static Result run(HeatOptions options, PrintStream out, PrintStream err) throws Exception {
        ScrConfig config = ConfigLoader.fromEnvironment().load(Map.of());
        Map<String, String> overrides = overrides(options, config);
        String node = JobIdentity.of(config, System.getenv()).node();
        HeatJob job = new HeatJob(options, overrides, out, err);
        List<Result> results;
        try {
            results = InProcessGroup.run(options.ranks(), node, group -> {
                try {
                    return new HeatRank(group, job).run();
                } catch (Exception | Error e) {
                    job.fail(e); // so that no other rank waits at the barrier for this one
                    throw e;
                }
            });
        } catch (Exception | Error e) {
            // The first rank to fail is the cause; the others only saw the group or barrier break.
            Throwable first = job.firstFailure();
            if (first instanceof Exception primary) {
                throw primary;
            }
            if (first instanceof Error primary) {
                throw primary;
            }
            throw e;
        }
        return results.get(0);
    }

    /**
     * The overrides passed to {@code Scr.init}: the checkpoint interval from --checkpoint-every, or
     * {@value #DEFAULT_CHECKPOINT_EVERY} when no layer of the configuration sets a checkpoint policy.
     */
    static Map<String, String> overrides(HeatOptions options, ScrConfig config) {
        Map<String, String> overrides = new HashMap<>();
        if (options.checkpointEvery().isPresent()) {
            overrides.put("SCR_CHECKPOINT_INTERVAL", Integer.toString(options.checkpointEvery().getAsInt()));
        } else {
            Origin defaults = Origin.file(ConfigLoader.DEFAULTS);
            boolean configured = List.of("scr.checkpoint.interval", "scr.checkpoint.seconds", "scr.checkpoint.overhead").stream()
                    .anyMatch(key -> !config.setting(key).origin().equals(defaults));
            if (!configured) {
                overrides.put("SCR_CHECKPOINT_INTERVAL", Integer.toString(DEFAULT_CHECKPOINT_EVERY));
            }
        }
        return overrides;
    }

    /** One line, flushed at once, so a process killed a moment later has already said it. */
    static void say(PrintStream stream, String line) {
        synchronized (stream) {
            stream.println(line);
            stream.flush();
        }
    }
}
