package org.scr4j.scheme;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.scr4j.group.Exchange;
import org.scr4j.group.GroupException;

/**
 * The threads of one rank in a redundancy exchange (a sender, a combiner, receivers), so that no
 * rank waits on its own sending while it should be receiving. The first failure abandons the
 * rank's exchanges: every rank's waiting send or receive then throws with that reason, and
 * nobody hangs. {@link #join} rethrows the first failure.
 */
final class Workers {
    /** Work that may fail. */
    @FunctionalInterface
    interface Task {
        void run() throws Exception;
    }

    private final int rank;
    private final String what;
    private final List<Exchange> exchanges;
    private final List<Thread> threads = new ArrayList<>();
    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean abandoned = new AtomicBoolean();

    /**
     * @param rank this rank, for thread names (messages get it from the exchange and the caller)
     * @param what names the work in messages, such as "XOR of ckpt.1 (id 1)"
     */
    Workers(int rank, String what, List<Exchange> exchanges) {
        this.rank = rank;
        this.what = what;
        this.exchanges = List.copyOf(exchanges);
    }

    void start(String name, Task task) {
        Thread t = new Thread(() -> {
            try {
                task.run();
            } catch (Throwable e) {
                fail(e);
            }
        }, "scr4j rank " + rank + " " + what + ": " + name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** Runs {@code main} on the calling thread, then waits for every thread started; throws the first failure. */
    void run(Task main) throws IOException {
        try {
            main.run();
        } catch (Throwable e) {
            fail(e);
        }
        join();
    }

    /** Records a failure of this rank's work and abandons its exchanges, once. */
    void fail(Throwable e) {
        failures.add(e);
        if (abandoned.compareAndSet(false, true)) {
            for (Exchange exchange : exchanges) {
                exchange.abandon(what + ": " + message(e));
            }
        }
    }

    boolean failed() {
        return !failures.isEmpty();
    }

    /** Waits for every thread; throws the first failure, with the later ones suppressed. */
    void join() throws IOException {
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(e);
                InterruptedIOException stop = new InterruptedIOException(what + ": interrupted while its threads ran");
                stop.initCause(e);
                throw stop;
            }
        }
        threads.clear();
        Throwable first = failures.peek();
        if (first == null) {
            return;
        }
        // A peer's abandon already names its rank and reason; a failure here gets this rank's context.
        IOException thrown = first instanceof GroupException ? new IOException(message(first), first)
                : new IOException(what + ": " + message(first), first);
        failures.stream().filter(f -> f != first).forEach(thrown::addSuppressed);
        throw thrown;
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.toString() : m;
    }
}
