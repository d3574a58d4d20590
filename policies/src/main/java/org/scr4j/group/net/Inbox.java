package org.scr4j.group.net;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Messages that arrived for this rank, sorted by exchange and sender until the exchange's
 * {@code receive} takes them. Memory stays bounded: while more than {@link #PAUSE_BYTES} from one
 * sender wait unread, this rank stops reading that sender's connection, so TCP makes the sender
 * wait; it reads again once half of that is taken. (All exchanges from one sender share its
 * connection, so a receiver that lets messages of a later exchange pile up unread while it waits
 * for an earlier one can stall that sender; ranks use exchanges in order, so this does not
 * arise.) Guarded by the {@link RankState} monitor, on which receivers wait.
 */
final class Inbox {
    static final long PAUSE_BYTES = 16L << 20;

    private final RankState state;
    private final int size;
    /** Per exchange, one queue per sender. */
    private final Map<Long, List<ArrayDeque<ByteBuf>>> queues = new HashMap<>();
    private final Set<Long> open = new HashSet<>();
    private long newestOpened;
    private final long[] unread;
    private final Channel[] senders;
    private final boolean[] paused;
    private final boolean[] ended;
    private final String[] broke;
    private boolean closed;

    Inbox(RankState state, int size) {
        this.state = requireNonNull(state, "state is null");
        this.size = size;
        this.unread = new long[size];
        this.senders = new Channel[size];
        this.paused = new boolean[size];
        this.ended = new boolean[size];
        this.broke = new String[size];
    }

    /** Rank {@code from} opened its data connection to this rank. */
    void attach(int from, Channel channel) {
        synchronized (state) {
            if (senders[from] != null) {
                throw new CorruptedFrameException("rank " + from + " opened a second data connection to this rank");
            }
            senders[from] = channel;
        }
    }

    /** Takes ownership of {@code message}. */
    void deliver(int from, long exchange, ByteBuf message) {
        synchronized (state) {
            if (closed || exchange <= newestOpened && !open.contains(exchange)) {
                message.release();
                return;
            }
            queues(exchange).get(from).add(message);
            unread[from] += message.readableBytes();
            if (unread[from] > PAUSE_BYTES && !paused[from]) {
                paused[from] = true;
                senders[from].config().setAutoRead(false);
            }
            state.notifyAll();
        }
    }

    /** Rank {@code from} ended its data connection cleanly: nothing more will come from it. */
    void ended(int from) {
        synchronized (state) {
            ended[from] = true;
            state.notifyAll();
        }
    }

    /** Rank {@code from}'s data connection is gone; unless it ended cleanly, {@code why} says how. */
    void detached(int from, String why) {
        synchronized (state) {
            if (!ended[from] && broke[from] == null) {
                broke[from] = why;
            }
            state.notifyAll();
        }
    }

    /** The next message of {@code exchange} from rank {@code from}, or null; the caller holds the state's monitor. */
    ByteBuf poll(long exchange, int from) {
        List<ArrayDeque<ByteBuf>> byExchange = queues.get(exchange);
        ByteBuf next = byExchange == null ? null : byExchange.get(from).poll();
        if (next != null) {
            taken(from, next.readableBytes());
        }
        return next;
    }

    /** Why nothing more can come from rank {@code from}, or null while something still may; the caller holds the monitor. */
    String exhausted(int from) {
        if (broke[from] != null) {
            return "its data connection to this rank broke: " + broke[from] + ". " + RankState.RELAUNCH;
        }
        String early = ". Fix: a rank must not close the group while others still wait for its messages";
        if (ended[from]) {
            return "it closed the job group and sent nothing more" + early;
        }
        if (state.hasLeft(from) && (senders[from] == null || !senders[from].isActive())) {
            return "it left the job group (closed it) without sending more" + early;
        }
        return null;
    }

    void open(long exchange) {
        synchronized (state) {
            open.add(exchange);
            newestOpened = Math.max(newestOpened, exchange);
        }
    }

    /** This rank is done with {@code exchange}: what is still queued, or arrives later, is dropped. */
    void close(long exchange) {
        synchronized (state) {
            open.remove(exchange);
            drop(queues.remove(exchange));
        }
    }

    void closeAll() {
        synchronized (state) {
            closed = true;
            queues.values().forEach(this::drop);
            queues.clear();
        }
    }

    private void drop(List<ArrayDeque<ByteBuf>> byExchange) {
        if (byExchange == null) {
            return;
        }
        for (int from = 0; from < size; from++) {
            for (ByteBuf m; (m = byExchange.get(from).poll()) != null; ) {
                taken(from, m.readableBytes());
                m.release();
            }
        }
    }

    private void taken(int from, int bytes) {
        unread[from] -= bytes;
        if (paused[from] && unread[from] <= PAUSE_BYTES / 2) {
            paused[from] = false;
            senders[from].config().setAutoRead(true);
        }
    }

    private List<ArrayDeque<ByteBuf>> queues(long exchange) {
        return queues.computeIfAbsent(exchange, id -> Stream.generate(ArrayDeque<ByteBuf>::new).limit(size).toList());
    }
}
