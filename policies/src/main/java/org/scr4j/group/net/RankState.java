package org.scr4j.group.net;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.scr4j.group.GroupException;

/**
 * What one rank knows about its job group: the table of peers, collective results that arrived,
 * ranks that left, abandoned exchanges, and whether the group broke. Events arrive on Netty's
 * threads; application threads wait here. Every change wakes every waiter, which then checks its
 * own condition: simple, and cheap at the rate of collectives and 4 MiB messages.
 */
final class RankState {
    /** What a rank can do about a broken group. */
    static final String RELAUNCH = "Fix: the job step cannot go on without every rank; relaunch it (scr4j run does),"
            + " which restarts from the newest checkpoint";
    /** Waits wake at least this often, so no missed signal can hang a rank. */
    private static final long SLICE_MILLIS = 200;

    private final String self;
    private List<Peer> table;
    private String broken;
    private boolean closed;
    private final Map<Long, List<byte[]>> results = new HashMap<>();
    private final BitSet left = new BitSet();
    private final Map<Long, String> abandoned = new HashMap<>();

    /** {@code self} names this rank in every message, such as "rank 1 of 4 on node n1". */
    RankState(String self) {
        this.self = self;
    }

    String self() {
        return self;
    }

    synchronized void table(List<Peer> peers) {
        table = List.copyOf(peers);
        notifyAll();
    }

    synchronized List<Peer> table() {
        return table;
    }

    /** "rank 3 on node n3", or "rank 3" before the table arrived. */
    synchronized String name(int rank) {
        return table == null ? "rank " + rank : table.get(rank).name();
    }

    /** The group is broken for good; the first reason wins, later ones follow from it. */
    synchronized void fail(String why) {
        if (broken == null && !closed) {
            broken = why;
        }
        notifyAll();
    }

    synchronized void gathered(long seq, List<byte[]> values) {
        results.put(seq, values);
        notifyAll();
    }

    synchronized void left(int rank) {
        left.set(rank);
        notifyAll();
    }

    synchronized boolean hasLeft(int rank) {
        return left.get(rank);
    }

    synchronized void abandon(long exchange, String message) {
        abandoned.putIfAbsent(exchange, message);
        notifyAll();
    }

    /** This rank closed the exchange: its abandonment no longer matters here. */
    synchronized void forget(long exchange) {
        abandoned.remove(exchange);
    }

    synchronized void signal() {
        notifyAll();
    }

    /** This rank closed the group: what its connections do from now on is no failure. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    synchronized boolean broken() {
        return broken != null;
    }

    /** Throws if the group is broken or closed; {@code doing} says what this rank was doing. */
    synchronized void check(String doing) {
        if (closed) {
            throw new GroupException(self + ": " + doing + " failed: this rank closed the job group", null);
        }
        if (broken != null) {
            throw new GroupException(self + ": " + doing + " failed: the job group is broken: " + broken, null);
        }
    }

    /** Throws if the exchange was abandoned by any rank, or the group is broken. */
    synchronized void check(long exchange, String doing) {
        String why = abandoned.get(exchange);
        if (why != null) {
            throw new GroupException(self + ": " + doing + " failed: " + why, null);
        }
        check(doing);
    }

    /**
     * The result of collective {@code seq}. A rank that left before this result arrived never took
     * part in it (results and departures come in the order the hub saw them), so it never will.
     */
    synchronized List<byte[]> awaitGather(long seq) {
        String doing = "collective number " + seq;
        return await(() -> {
            List<byte[]> values = results.remove(seq);
            if (values != null) {
                return values;
            }
            check(doing);
            if (!left.isEmpty()) {
                throw new GroupException(self + ": " + doing + " failed: " + name(left.nextSetBit(0)) + " has left the job"
                        + " group (it closed it), so no collective can complete. Fix: every rank must make the same"
                        + " collective calls before closing the group", null);
            }
            return null;
        }, doing);
    }

    /**
     * Waits until {@code attempt} returns a value; it runs with this state locked, and throws to
     * end the wait when waiting is hopeless.
     */
    synchronized <T> T await(Supplier<T> attempt, String doing) {
        while (true) {
            T value = attempt.get();
            if (value != null) {
                return value;
            }
            try {
                wait(SLICE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GroupException(self + ": interrupted in " + doing, e);
            }
        }
    }
}
