package org.scr4j.group.net;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Messages that arrived for this rank, sorted by exchange and sender until the exchange's
 * {@code receive} takes them. Memory stays bounded: while more than {@link #PAUSE_BYTES} wait
 * unread on one connection, this rank stops reading it, so TCP makes the sender wait; it reads
 * again once half of that is taken. Each exchange has its own connection per sender (see
 * {@link Outbox}), so pausing one exchange never holds back another that a receiver waits for:
 * two exchanges in use at once cannot block each other. Guarded by the {@link RankState}
 * monitor, on which receivers wait.
 */
final class Inbox {
    static final long PAUSE_BYTES = 16L << 20;

    private final RankState state;
    private final int size;
    /** Per exchange, one queue per sender. */
    private final Map<Long, List<ArrayDeque<Entry>>> queues = new HashMap<>();
    private final Set<Long> open = new HashSet<>();
    /** Exchanges whose sender ended its connection: "exchange:from". */
    private final Set<String> finished = new HashSet<>();
    private long newestOpened;
    private final int[] connections;
    private final boolean[] ended;
    private final String[] broke;
    private boolean closed;

    Inbox(RankState state, int size) {
        this.state = requireNonNull(state, "state is null");
        this.size = size;
        this.connections = new int[size];
        this.ended = new boolean[size];
        this.broke = new String[size];
    }

    /** One data connection from a sender, and what of it waits unread. */
    static final class Flow {
        final int from;
        final Channel channel;
        long unread;
        boolean paused;
        boolean done;

        private Flow(int from, Channel channel) {
            this.from = from;
            this.channel = channel;
        }
    }

    /** A message and the connection it came by. */
    private record Entry(ByteBuf message, Flow flow) {
    }

    /** Rank {@code from} opened a data connection to this rank. */
    Flow attach(int from, Channel channel) {
        synchronized (state) {
            connections[from]++;
            return new Flow(from, channel);
        }
    }

    /** Takes ownership of {@code message}. */
    void deliver(Flow flow, long exchange, ByteBuf message) {
        synchronized (state) {
            if (closed || exchange <= newestOpened && !open.contains(exchange)) {
                message.release();
                return;
            }
            queues(exchange).get(flow.from).add(new Entry(message, flow));
            flow.unread += message.readableBytes();
            if (flow.unread > PAUSE_BYTES && !flow.paused) {
                flow.paused = true;
                flow.channel.config().setAutoRead(false);
            }
            state.notifyAll();
        }
    }

    /**
     * The sender ended a connection cleanly: exchange {@code exchange} (its messages are all here),
     * or, for 0, the whole group (it closed it).
     */
    void ended(Flow flow, long exchange) {
        synchronized (state) {
            if (!flow.done) {
                flow.done = true;
                connections[flow.from]--;
            }
            if (exchange == 0) {
                ended[flow.from] = true;
            } else if (open.contains(exchange) || exchange > newestOpened) {
                finished.add(exchange + ":" + flow.from);
            }
            state.notifyAll();
        }
    }

    /** A connection from a sender is gone; unless it ended cleanly, {@code why} says how. */
    void detached(Flow flow, String why) {
        synchronized (state) {
            if (!flow.done) {
                flow.done = true;
                connections[flow.from]--;
                if (broke[flow.from] == null) {
                    broke[flow.from] = why;
                }
            }
            state.notifyAll();
        }
    }

    /** The next message of {@code exchange} from rank {@code from}, or null; the caller holds the state's monitor. */
    ByteBuf poll(long exchange, int from) {
        List<ArrayDeque<Entry>> byExchange = queues.get(exchange);
        Entry next = byExchange == null ? null : byExchange.get(from).poll();
        if (next == null) {
            return null;
        }
        taken(next);
        return next.message();
    }

    /**
     * Why nothing more of {@code exchange} can come from rank {@code from}, or null while something
     * still may; the caller holds the monitor.
     */
    String exhausted(long exchange, int from) {
        if (broke[from] != null) {
            return "its data connection to this rank broke: " + broke[from] + ". " + RankState.RELAUNCH;
        }
        if (finished.contains(exchange + ":" + from)) {
            return "it closed exchange " + exchange + " without sending more. Fix: every message a rank receives must be"
                    + " sent before the sender closes the exchange";
        }
        String early = ". Fix: a rank must not close the group while others still wait for its messages";
        if (ended[from]) {
            return "it closed the job group and sent nothing more" + early;
        }
        if (state.hasLeft(from) && connections[from] == 0) {
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
            finished.removeIf(k -> k.startsWith(exchange + ":"));
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

    private void drop(List<ArrayDeque<Entry>> byExchange) {
        if (byExchange == null) {
            return;
        }
        for (int from = 0; from < size; from++) {
            for (Entry e; (e = byExchange.get(from).poll()) != null; ) {
                taken(e);
                e.message().release();
            }
        }
    }

    private void taken(Entry e) {
        Flow flow = e.flow();
        flow.unread -= e.message().readableBytes();
        if (flow.paused && flow.unread <= PAUSE_BYTES / 2) {
            flow.paused = false;
            flow.channel.config().setAutoRead(true);
        }
    }

    private List<ArrayDeque<Entry>> queues(long exchange) {
        return queues.computeIfAbsent(exchange, id -> Stream.generate(ArrayDeque<Entry>::new).limit(size).toList());
    }
}
