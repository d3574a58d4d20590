package org.scr4j.launch.chaos;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Everything one chaos trial does, drawn from the seed and the trial's number alone, so that
 * {@code scr4j chaos --seed S --trial K} does it again: the heat job's shape and pace, the
 * redundancy scheme and cache, the nodes, and 1 to 3 faults.
 *
 * @param setFailures RS: parity units per set (SET_FAILURES); 0 for the other schemes
 * @param minNodes    --min-nodes: below it the launcher stops; under --nodes, lost nodes' ranks double up
 * @param runs        --runs: the most steps one launcher starts
 * @param cacheCount  datasets the RAM tier keeps (COUNT)
 * @param size        each rank's tile is size x size cells
 * @param steps       time steps in all
 * @param stepMillis  the application sleeps this long after every step
 * @param interval    a checkpoint every this many steps (SCR_CHECKPOINT_INTERVAL)
 * @param flushEvery  SCR_FLUSH: every this many checkpoints go to the prefix; 0: none
 * @param flushAsync  SCR_FLUSH_ASYNC: flushes run in the background
 */
public record TrialPlan(long seed, int trial, String scheme, int setFailures, int nodes, int spares, int minNodes, int runs,
        int cacheCount, int size, int steps, int stepMillis, int interval, int flushEvery, boolean flushAsync,
        List<Fault> faults) {
    static final List<String> SCHEMES = List.of("SINGLE", "PARTNER", "XOR", "RS");
    /** The most nodes (one rank each) a trial has. */
    public static final int MAX_NODES = 5;
    private static final int[] SIZES = {32, 64};
    private static final int[] STEPS = {120, 180};
    private static final int[] INTERVALS = {5, 8, 10};
    private static final int[] STEP_MILLIS = {15, 20, 30};

    public TrialPlan {
        requireNonNull(scheme, "scheme is null");
        faults = List.copyOf(requireNonNull(faults, "faults is null"));
    }

    /** The job's shape: what its final checksums depend on. */
    public record Shape(int size, int steps) {
    }

    public Shape shape() {
        return new Shape(size, steps);
    }

    /** Trial {@code trial} (from 1) of {@code seed}. */
    public static TrialPlan draw(long seed, int trial) {
        if (trial < 1) {
            throw new IllegalArgumentException("trials are numbered from 1, not " + trial);
        }
        SplittableRandom rng = new SplittableRandom(seed ^ (trial * 0x9E3779B97F4A7C15L));
        String scheme = SCHEMES.get(rng.nextInt(SCHEMES.size()));
        int setFailures = scheme.equals("RS") ? 1 + rng.nextInt(2) : 0;
        int nodes = 3 + rng.nextInt(MAX_NODES - 2);
        int spares = rng.nextInt(3);
        int minNodes = rng.nextBoolean() ? nodes : nodes - 1;
        int runs = rng.nextInt(4) == 0 ? 1 + rng.nextInt(2) : 10;
        int cacheCount = 1 + rng.nextInt(3);
        int size = SIZES[rng.nextInt(SIZES.length)];
        int steps = STEPS[rng.nextInt(STEPS.length)];
        int interval = INTERVALS[rng.nextInt(INTERVALS.length)];
        int stepMillis = STEP_MILLIS[rng.nextInt(STEP_MILLIS.length)];
        int flushEvery = rng.nextInt(6) == 0 ? 0 : 1 + rng.nextInt(4);
        boolean flushAsync = rng.nextBoolean();
        int count = 1 + rng.nextInt(3);
        // Spread the faults over the job, so that most of them fire before it ends.
        int checkpoints = steps / interval;
        int stretch = Math.max(1, checkpoints / (count + 1));
        List<Fault> faults = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            FaultKind kind = FaultKind.values()[rng.nextInt(FaultKind.values().length)];
            boolean byCheckpoints = rng.nextInt(10) < 7;
            int after = byCheckpoints ? 1 + rng.nextInt(stretch) : 0;
            long delay = byCheckpoints ? rng.nextInt(interval * stepMillis) : 500 + rng.nextInt(5000);
            faults.add(new Fault(kind, after, delay, rng.nextInt(1 << 16), rng.nextBoolean()));
        }
        return new TrialPlan(seed, trial, scheme, setFailures, nodes, spares, minNodes, runs, cacheCount, size, steps, stepMillis,
                interval, flushEvery, flushAsync, faults);
    }

    /** Such as "XOR 4+1 nodes (min 3), flush/2 async". */
    public String describeJob() {
        String flush = flushEvery == 0 ? "no flush" : "flush/" + flushEvery + (flushAsync ? " async" : " sync");
        return (scheme.equals("RS") ? "RS(" + setFailures + ")" : scheme) + " " + nodes + "+" + spares + " nodes"
                + (minNodes < nodes ? " (min " + minNodes + ")" : "") + ", " + flush;
    }

    /** The job file of the trial: a RAM tier under {@code shm}, the scheme, checkpoint and flush cadence. */
    public List<String> jobFile(String shm, String prefix) {
        List<String> lines = new ArrayList<>();
        lines.add("# scr4j chaos: seed " + seed + " trial " + trial + ": " + describeJob());
        lines.add("STORE=" + shm + "/ram NAME=ram TYPE=ramdisk COUNT=" + cacheCount);
        lines.add("CKPT=0 INTERVAL=1 STORE=ram TYPE=" + scheme + (setFailures > 0 ? " SET_FAILURES=" + setFailures : ""));
        lines.add("SCR_PREFIX=" + prefix);
        lines.add("SCR_CHECKPOINT_INTERVAL=" + interval);
        lines.add("SCR_FLUSH=" + flushEvery);
        lines.add("SCR_FLUSH_ASYNC=" + (flushAsync ? 1 : 0));
        // A dead rank is noticed within seconds, so a failed step ends soon.
        lines.add("SCR_GROUP_TIMEOUT=5");
        return lines;
    }

    /** The heat example's arguments. */
    public List<String> appArgs() {
        return List.of("--steps", Integer.toString(steps), "--size", Integer.toString(size), "--step-millis",
                Integer.toString(stepMillis));
    }
}
