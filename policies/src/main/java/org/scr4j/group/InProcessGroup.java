package org.scr4j.group;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ranks that are threads of one process, all on one node: the collective rules hold exactly as
 * between processes, so code written against a {@link Group} behaves the same in both. If one
 * rank fails, {@link #abort} breaks every rank's waiting collective instead of leaving it hung.
 */
public final class InProcessGroup {
    private final int size;
    private final List<String> nodes;
    private final CyclicBarrier barrier;
    private final byte[][] slots;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private final InProcessExchanges exchanges;

    public InProcessGroup(int size, String node) {
        this(java.util.Collections.nCopies(checkSize(size), requireNonNull(node, "node is null")));
    }

    /** Ranks that pretend to run on the given nodes, one per rank, to exercise schemes across nodes in one process. */
    public InProcessGroup(List<String> nodes) {
        this.nodes = List.copyOf(nodes);
        this.size = checkSize(this.nodes.size());
        this.barrier = new CyclicBarrier(size);
        this.slots = new byte[size][];
        this.exchanges = new InProcessExchanges(size, failure::get);
    }

    private static int checkSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a group needs at least one rank, not " + size);
        }
        return size;
    }

    /** The view of rank {@code rank}; give each thread its own. */
    public Group member(int rank) {
        if (rank < 0 || rank >= size) {
            throw new IllegalArgumentException("rank " + rank + " is outside 0.." + (size - 1));
        }
        return new Member(rank);
    }

    /** Breaks the group: every rank waiting in or entering a collective gets a {@link GroupException}. */
    public void abort(Throwable cause) {
        failure.compareAndSet(null, cause);
        barrier.reset();
    }

    /** A rank's work, run on its own thread. */
    @FunctionalInterface
    public interface RankBody<T> {
        T run(Group group) throws Exception;
    }

    /**
     * Runs {@code body} on {@code size} threads, one per rank, and returns each rank's result in
     * rank order. The first failure aborts the group and is rethrown once every thread has ended.
     */
    public static <T> List<T> run(int size, String node, RankBody<T> body) throws Exception {
        return run(java.util.Collections.nCopies(size, node), body);
    }

    /** As {@link #run(int, String, RankBody)}, with rank r on {@code nodes.get(r)}. */
    public static <T> List<T> run(List<String> nodes, RankBody<T> body) throws Exception {
        InProcessGroup group = new InProcessGroup(nodes);
        int size = group.size;
        List<T> results = new ArrayList<>(java.util.Collections.nCopies(size, null));
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            int rank = r;
            Thread t = new Thread(() -> {
                try {
                    results.set(rank, body.run(group.member(rank)));
                } catch (Throwable e) {
                    group.abort(e);
                }
            }, "rank-" + rank);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        Throwable first = group.failure.get();
        if (first instanceof Exception e) {
            throw e;
        }
        if (first instanceof Error e) {
            throw e;
        }
        return results;
    }

    private final class Member implements Group {
        private final int rank;
        private long exchangeCount;

        Member(int rank) {
            this.rank = rank;
        }

        @Override
        public int rank() {
            return rank;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public String node() {
            return nodes.get(rank);
        }

        @Override
        public Exchange exchange() {
            return exchanges.open(++exchangeCount, rank);
        }

        @Override
        public List<byte[]> allGather(byte[] value) {
            slots[rank] = value.clone();
            await();
            List<byte[]> all = new ArrayList<>(size);
            for (byte[] slot : slots) {
                all.add(slot.clone());
            }
            // A second barrier keeps a fast rank from overwriting its slot in the next collective
            // before a slow one has read this one.
            await();
            return all;
        }

        private void await() {
            Throwable cause = failure.get();
            if (cause != null) {
                throw new GroupException("rank " + rank + ": the group was aborted because another rank failed: " + cause, cause);
            }
            try {
                barrier.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abort(e);
                throw new GroupException("rank " + rank + ": interrupted in a collective", e);
            } catch (BrokenBarrierException e) {
                Throwable why = failure.get();
                throw new GroupException("rank " + rank + ": the group was aborted because another rank failed"
                        + (why == null ? "" : ": " + why), why == null ? e : why);
            }
        }

        @Override
        public String toString() {
            return "rank " + rank + " of " + size + " (a thread, on node " + nodes.get(rank) + ")";
        }
    }
}
