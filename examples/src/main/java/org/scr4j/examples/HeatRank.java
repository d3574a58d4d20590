package org.scr4j.examples;

import static org.scr4j.examples.HeatDiffusion.NAME;
import static org.scr4j.examples.HeatDiffusion.say;

import java.io.IOException;
import java.util.Optional;
import org.scr4j.Flag;
import org.scr4j.Output;
import org.scr4j.Restart;
import org.scr4j.Scr;
import org.scr4j.examples.HeatCheckpointFiles.BadCheckpointException;
import org.scr4j.group.Group;

/**
 * One rank of the job, on its own thread: the way an application uses scr4j. It opens its
 * {@link Scr}, restores the newest checkpoint that works ({@code restore}), then computes its rows
 * step by step and checkpoints whenever scr4j says so ({@code checkpoint}), until the last step or
 * until scr4j asks the job to exit. Every scr4j call here is collective: every rank makes it, in
 * the same order, and gets the same answer.
 */
final class HeatRank {
    private final Group group;
    private final HeatJob job;
    private final int rank;
    private final int n;
    /** This rank's rows of the field are [lo, hi). */
    private final int lo;
    private final int hi;
    private final HeatCheckpointFiles files;

    HeatRank(Group group, HeatJob job) {
        this.group = group;
        this.job = job;
        this.rank = group.rank();
        this.n = job.options.size();
        int ranks = job.options.ranks();
        this.lo = HeatField.rowStart(n, ranks, rank);
        this.hi = HeatField.rowStart(n, ranks, rank + 1);
        this.files = new HeatCheckpointFiles(n, ranks, rank, lo, hi);
    }

    /** Runs the rank to the end; only rank 0's result has the checksum. */
    HeatDiffusion.Result run() throws Exception {
        int steps = job.options.steps();
        try (Scr scr = Scr.init(group, job.overrides)) {
            Restored restored = restore(scr);
            int step = restored.step();
            job.awaitRanks(); // every rank's rows are in place before anyone reads its neighbours'
            boolean stoppedEarly = false;
            while (step < steps) {
                HeatField.stepRows(job.field(step), job.field(step + 1), n, lo, hi);
                job.awaitRanks(); // every row of the new field is written before anyone reads it
                step++;
                if (job.options.sleepMs() > 0) {
                    Thread.sleep(job.options.sleepMs());
                }
                if (scr.needCheckpoint()) {
                    checkpoint(scr, step);
                }
                if (scr.shouldExit()) {
                    stoppedEarly = step < steps;
                    break;
                }
            }
            String checksum = rank == 0 ? HeatField.checksum(job.field(step)) : null;
            return new HeatDiffusion.Result(checksum, step, stoppedEarly, restored.name());
        }
    }

    private record Restored(int step, Optional<String> name) {
    }

    /**
     * Loads the newest checkpoint that every rank can read, else the initial field at step 0. A
     * checkpoint that any rank refuses is marked failed by {@code complete(false)}, so the next
     * {@code haveRestart()} offers the next older one and a bad checkpoint cannot trap the job.
     */
    private Restored restore(Scr scr) {
        while (true) {
            Optional<String> name = scr.haveRestart();
            if (name.isEmpty()) {
                HeatField.initialRows(job.field(0), n, lo, hi);
                return new Restored(0, Optional.empty());
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
                ok = restart.complete(problem == null); // true only if every rank read its files
            }
            if (ok) {
                if (rank == 0) {
                    say(job.out, "restarted from " + name.get() + " at step " + step);
                }
                return new Restored(step, name);
            }
            if (problem != null) {
                say(job.err, NAME + ": rank " + rank + ": cannot restart from " + name.get() + ": " + problem);
            }
            if (rank == 0) {
                say(job.err, NAME + ": restart from " + name.get() + " failed; trying an older checkpoint");
            }
        }
    }

    /** Reads this rank's files of checkpoint {@code name}, each where {@code restart.route} says; returns its step. */
    private int read(Restart restart, String name) throws IOException, BadCheckpointException {
        int step = HeatCheckpointFiles.stepOf(name);
        if (rank == 0) {
            files.checkParams(restart.route(HeatCheckpointFiles.PARAMS_FILE));
        }
        files.checkMeta(restart.route(files.metaFile()), step);
        if (step > job.options.steps()) {
            throw new BadCheckpointException("it is at step " + step + ", beyond --steps " + job.options.steps());
        }
        files.readField(restart.route(files.fieldFile()), job.field(step));
        return step;
    }

    /**
     * Writes checkpoint {@code heat.<step>}: each file goes where {@code output.route} says, and
     * {@code complete} commits it only if every rank wrote its files; otherwise the previous
     * checkpoint stays the one to restart from.
     */
    private void checkpoint(Scr scr, int step) {
        String name = HeatCheckpointFiles.checkpointName(step);
        if (rank == 0) {
            say(job.out, "checkpoint " + name + " started");
        }
        boolean ok;
        try (Output output = scr.startOutput(name, Flag.CHECKPOINT)) {
            boolean valid = true;
            try {
                files.writeField(output.route(files.fieldFile()), job.field(step));
                files.writeMeta(output.route(files.metaFile()), step);
                if (rank == 0) {
                    files.writeParams(output.route(HeatCheckpointFiles.PARAMS_FILE));
                }
            } catch (IOException e) {
                say(job.err, NAME + ": rank " + rank + ": cannot write checkpoint " + name + ": " + e);
                valid = false;
            }
            ok = output.complete(valid);
        }
        if (rank == 0) {
            say(job.out, "checkpoint " + name + (ok ? " complete" : " failed"));
        }
    }
}
