package org.scr4j.examples;

import static org.scr4j.examples.HeatDiffusion.say;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.scr4j.Flag;
import org.scr4j.Output;
import org.scr4j.Restart;
import org.scr4j.Scr;
import org.scr4j.conf.ConfigException;
import org.scr4j.examples.HeatCheckpointFiles.BadCheckpointException;
import org.scr4j.examples.HeatOptions.UsageException;

/**
 * The heat example with one process per rank, as {@code scr4j run} starts it: {@link Scr#init()}
 * joins the job from SCR4J_RANK, SCR4J_SIZE, SCR4J_NODE and the rest of the environment.
 *
 * <p>Each rank diffuses heat on a tile of its own ({@link HeatTile}). Without MPI there is no halo
 * to exchange with neighbours, so the tiles are independent: the ranks share only scr4j's
 * collective calls, and each tile's initial condition depends on its rank so that the tiles
 * differ. A run restarts from the newest checkpoint scr4j offers, checkpoints whenever
 * {@code needCheckpoint()} says so, and stops early when {@code shouldExit()} says so; the final
 * tile is bit for bit the same whether or not the job was killed and restarted on the way.
 *
 * <p>Lines on standard output, each flushed at once: {@code rank R restarted from ckpt.S at step S},
 * {@code rank R checkpoint ckpt.S complete|failed}, {@code rank R hanging at step S (marker FILE)},
 * {@code rank R stopped at step S of N: scr4j asked the job to exit}, and last, once per rank,
 * {@code rank R step S checksum HEX}, the CRC32C of the final tile's bytes (big-endian doubles).
 * Exit status: 0 done, 1 failed, 2 wrong arguments or configuration.
 */
public final class HeatProcess {
    static final String NAME = "heat-process";
    private static final Pattern CHECKPOINT = Pattern.compile("ckpt\\.(\\d+)");

    private final HeatProcessOptions options;
    private final Scr scr;
    private final PrintStream out;
    private final PrintStream err;
    private final int rank;
    private final HeatTile tile;
    private final HeatCheckpointFiles files;

    private HeatProcess(HeatProcessOptions options, Scr scr, PrintStream out, PrintStream err) {
        this.options = options;
        this.scr = scr;
        this.out = out;
        this.err = err;
        this.rank = scr.rank();
        this.tile = new HeatTile(options.size(), rank);
        // The tile is a whole grid: its rows are [0, size) in the files' terms.
        this.files = new HeatCheckpointFiles(options.size(), scr.size(), rank, 0, options.size());
    }

    public static void main(String[] args) {
        int status = execute(args, System.out, System.err);
        System.out.flush();
        System.err.flush();
        // The library or Hadoop may leave non-daemon threads behind; the rank is over.
        System.exit(status);
    }

    static int execute(String[] args, PrintStream out, PrintStream err) {
        if (HeatProcessOptions.asksForHelp(args)) {
            out.print(HeatProcessOptions.USAGE);
            out.flush();
            return 0;
        }
        HeatProcessOptions options;
        try {
            options = HeatProcessOptions.parse(args);
        } catch (UsageException e) {
            err.println(NAME + ": " + e.getMessage());
            err.print(HeatProcessOptions.USAGE);
            err.flush();
            return 2;
        }
        try {
            // Decided before init, which every rank passes together: all ranks of a run agree on it.
            boolean hangThisRun = options.hangMarker().isPresent() && !Files.exists(options.hangMarker().get());
            try (Scr scr = Scr.init()) {
                new HeatProcess(options, scr, out, err).run(hangThisRun);
            }
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

    private void run(boolean hangThisRun) throws IOException, InterruptedException {
        int step = restore();
        while (step < options.steps()) {
            tile.step();
            step++;
            if (options.stepMillis() > 0) {
                Thread.sleep(options.stepMillis());
            }
            if (hangThisRun && step == options.hangAt().getAsInt()) {
                hang(step, options.hangMarker().get());
            }
            if (scr.needCheckpoint()) {
                checkpoint(step);
            }
            if (scr.shouldExit()) {
                if (step < options.steps()) {
                    say(out, "rank " + rank + " stopped at step " + step + " of " + options.steps() + ": scr4j asked the job to exit");
                }
                break;
            }
        }
        say(out, "rank " + rank + " step " + step + " checksum " + tile.checksum());
    }

    /**
     * Loads the newest checkpoint every rank can read and returns its step, else 0. A checkpoint
     * that any rank refuses is marked failed by {@code complete(false)}, so the next
     * {@code haveRestart()} offers an older one and a bad checkpoint cannot trap the job.
     */
    private int restore() {
        while (true) {
            Optional<String> name = scr.haveRestart();
            if (name.isEmpty()) {
                return 0;
            }
            int step = -1;
            String problem = null;
            boolean ok;
            try (Restart restart = scr.startRestart(name.get())) {
                try {
                    step = read(restart, name.get());
                } catch (IOException e) {
                    problem = e.toString();
                } catch (BadCheckpointException e) {
                    problem = e.getMessage();
                }
                ok = restart.complete(problem == null); // true only if every rank read its tile
            }
            if (ok) {
                say(out, "rank " + rank + " restarted from " + name.get() + " at step " + step);
                return step;
            }
            if (problem != null) {
                say(err, NAME + ": rank " + rank + ": cannot restart from " + name.get() + ": " + problem);
            }
            say(err, NAME + ": rank " + rank + ": restart from " + name.get() + " failed; trying an older checkpoint");
        }
    }

    /** Reads this rank's tile of checkpoint {@code name}, checking that it is this rank's and fits this run; returns its step. */
    private int read(Restart restart, String name) throws IOException, BadCheckpointException {
        Matcher m = CHECKPOINT.matcher(name);
        if (!m.matches()) {
            throw new BadCheckpointException("'" + name + "' is not a checkpoint of " + NAME + " (ckpt.<step>)");
        }
        int step = Integer.parseInt(m.group(1));
        if (rank == 0) {
            files.checkParams(restart.route(HeatCheckpointFiles.PARAMS_FILE));
        }
        files.checkMeta(restart.route(files.metaFile()), step);
        if (step > options.steps()) {
            throw new BadCheckpointException("it is at step " + step + ", beyond --steps " + options.steps());
        }
        files.readField(restart.route(files.fieldFile()), tile.cells());
        return step;
    }

    /** Writes checkpoint {@code ckpt.<step>}; {@code complete} commits it only if every rank wrote its files. */
    private void checkpoint(int step) {
        String name = "ckpt." + step;
        boolean ok;
        try (Output output = scr.startOutput(name, Flag.CHECKPOINT)) {
            boolean valid = true;
            try {
                files.writeField(output.route(files.fieldFile()), tile.cells());
                files.writeMeta(output.route(files.metaFile()), step);
                if (rank == 0) {
                    files.writeParams(output.route(HeatCheckpointFiles.PARAMS_FILE));
                }
            } catch (IOException e) {
                say(err, NAME + ": rank " + rank + ": cannot write checkpoint " + name + ": " + e);
                valid = false;
            }
            ok = output.complete(valid);
        }
        say(out, "rank " + rank + " checkpoint " + name + (ok ? " complete" : " failed"));
    }

    /**
     * Marks that a run hung here, then stops for good without another scr4j call, as a rank stuck
     * in a dead file system or a deadlock would: only a watchdog's kill ends it.
     */
    private void hang(int step, Path marker) throws IOException {
        Path dir = marker.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        try {
            Files.createFile(marker);
        } catch (FileAlreadyExistsException e) {
            // Another rank of this run created it first: the run hangs all the same.
        }
        say(out, "rank " + rank + " hanging at step " + step + " (marker " + marker + ")");
        while (true) {
            LockSupport.park(); // returns spuriously at times; the loop keeps the hang
        }
    }
}
