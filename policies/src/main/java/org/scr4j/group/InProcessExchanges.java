package org.scr4j.group;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The point-to-point exchanges of an {@link InProcessGroup}: one bounded queue per exchange,
 * sender and receiver, so a fast sender waits for its receiver as it would on a network.
 */
final class InProcessExchanges {
    /** Messages a receiver may hold unread from one sender before the sender waits. */
    private static final int DEPTH = 4;

    private final int size;
    private final Supplier<Throwable> failure;
    private final Map<String, BlockingQueue<byte[]>> queues = new ConcurrentHashMap<>();
    private final Map<Long, String> abandoned = new ConcurrentHashMap<>();

    InProcessExchanges(int size, Supplier<Throwable> failure) {
        this.size = size;
        this.failure = failure;
    }

    Exchange open(long id, int rank) {
        return new Exchange() {
            @Override
            public long id() {
                return id;
            }

            @Override
            public void send(int to, ByteBuffer data) {
                check(to);
                if (data.remaining() > MAX_MESSAGE) {
                    throw new IllegalArgumentException("a message holds at most " + MAX_MESSAGE + " bytes, not " + data.remaining());
                }
                byte[] copy = new byte[data.remaining()];
                data.get(copy);
                BlockingQueue<byte[]> queue = queue(id, rank, to);
                while (true) {
                    failIfBroken(id, rank);
                    try {
                        if (queue.offer(copy, 50, TimeUnit.MILLISECONDS)) {
                            return;
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new GroupException("rank " + rank + ": interrupted sending to rank " + to, e);
                    }
                }
            }

            @Override
            public Message receive(int from) {
                check(from);
                BlockingQueue<byte[]> queue = queue(id, from, rank);
                while (true) {
                    byte[] next;
                    try {
                        next = queue.poll(50, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new GroupException("rank " + rank + ": interrupted receiving from rank " + from, e);
                    }
                    if (next != null) {
                        ByteBuffer data = ByteBuffer.wrap(next);
                        return new Message() {
                            @Override
                            public ByteBuffer data() {
                                return data;
                            }

                            @Override
                            public void close() {
                                // Heap memory: nothing to give back.
                            }
                        };
                    }
                    failIfBroken(id, rank);
                }
            }

            @Override
            public void abandon(String reason) {
                abandoned.putIfAbsent(id, "rank " + rank + " abandoned exchange " + id + ": " + reason);
            }

            @Override
            public void close() {
                for (int r = 0; r < size; r++) {
                    queues.remove(key(id, r, rank));
                }
            }

            private void check(int peer) {
                if (peer < 0 || peer >= size || peer == rank) {
                    throw new IllegalArgumentException("rank " + rank + " cannot exchange with rank " + peer + ": peers are the"
                            + " other ranks of 0.." + (size - 1));
                }
            }
        };
    }

    private void failIfBroken(long id, int rank) {
        String why = abandoned.get(id);
        if (why != null) {
            throw new GroupException("rank " + rank + ": " + why, null);
        }
        Throwable cause = failure.get();
        if (cause != null) {
            throw new GroupException("rank " + rank + ": the group was aborted because another rank failed: " + cause, cause);
        }
    }

    private BlockingQueue<byte[]> queue(long id, int from, int to) {
        return queues.computeIfAbsent(key(id, from, to), k -> new ArrayBlockingQueue<>(DEPTH));
    }

    private static String key(long id, int from, int to) {
        return id + ":" + from + ">" + to;
    }
}
