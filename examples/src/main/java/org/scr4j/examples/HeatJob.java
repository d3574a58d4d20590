package org.scr4j.examples;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the rank threads of one run share: the options, the two field buffers and the application's
 * own barrier, which orders the steps. (The library's group is used only by the library.)
 */
final class HeatJob {
    final HeatOptions options;
    /** The settings passed to every rank's {@code Scr.init}. */
    final Map<String, String> overrides;
    final PrintStream out;
    final PrintStream err;
    private final double[][] buffers;
    private final CyclicBarrier barrier;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    HeatJob(HeatOptions options, Map<String, String> overrides, PrintStream out, PrintStream err) {
        this.options = options;
        this.overrides = Map.copyOf(overrides);
        this.out = out;
        this.err = err;
        int n = options.size();
        this.buffers = new double[][] {new double[n * n], new double[n * n]};
        this.barrier = new CyclicBarrier(options.ranks());
    }

    /** The field after {@code step} steps lives in this buffer; the next step is written to the other. */
    double[] field(int step) {
        return buffers[step & 1];
    }

    /** Waits until every rank gets here; fails instead if a rank has failed. */
    void awaitRanks() throws InterruptedException, BrokenBarrierException {
        try {
            barrier.await();
        } catch (BrokenBarrierException e) {
            Throwable cause = failure.get();
            if (cause != null) {
                throw new IllegalStateException("another rank failed: " + cause, cause);
            }
            throw e;
        }
    }

    /** Records a rank's failure (the first one is the job's cause) and releases the other ranks. */
    void fail(Throwable cause) {
        failure.compareAndSet(null, cause);
        breakBarrier();
    }

    /** The first rank failure, or null. */
    Throwable firstFailure() {
        return failure.get();
    }

    /**
     * Breaks the barrier for good, so no rank waits for one that has failed. A zero-time wait
     * breaks it unless this thread completes it; then the others move on one step and it tries again.
     */
    private void breakBarrier() {
        while (!barrier.isBroken()) {
            try {
                barrier.await(0, TimeUnit.NANOSECONDS);
            } catch (TimeoutException | BrokenBarrierException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
