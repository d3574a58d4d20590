package org.scr4j.group.net;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.scr4j.group.Exchange;
import org.scr4j.group.Group;

/**
 * A rank of a job whose ranks are processes, joined over TCP: collectives go through rank 0's
 * {@link Hub}, messages go straight between ranks.
 */
final class NetGroup implements Group {
    private final int rank;
    private final int size;
    private final String node;
    private final RankState state;
    private final Control control;
    private final Inbox inbox;
    private final Outbox outbox;
    private final Channel dataServer;
    private final Transport transport;
    private final long timeoutMillis;
    /** Separate locks, so close() never waits behind a collective it should end. */
    private final Object collectiveLock = new Object();
    private final Object exchangeLock = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    private long collectives;
    private long exchanges;

    NetGroup(int rank, int size, String node, RankState state, Control control, Inbox inbox, Outbox outbox, Channel dataServer,
            Transport transport, long timeoutMillis) {
        this.rank = rank;
        this.size = size;
        this.node = requireNonNull(node, "node is null");
        this.state = requireNonNull(state, "state is null");
        this.control = requireNonNull(control, "control is null");
        this.inbox = requireNonNull(inbox, "inbox is null");
        this.outbox = requireNonNull(outbox, "outbox is null");
        this.dataServer = requireNonNull(dataServer, "dataServer is null");
        this.transport = requireNonNull(transport, "transport is null");
        this.timeoutMillis = timeoutMillis;
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
        return node;
    }

    /** One collective at a time: the ranks must call them in the same order, so concurrent calls could not match up. */
    @Override
    public List<byte[]> allGather(byte[] value) {
        requireNonNull(value, "value is null");
        synchronized (collectiveLock) {
            long seq = ++collectives;
            state.check("collective number " + seq);
            control.gather(seq, value.clone());
            return state.awaitGather(seq);
        }
    }

    @Override
    public Exchange exchange() {
        synchronized (exchangeLock) {
            long id = ++exchanges;
            state.check("opening exchange " + id);
            inbox.open(id);
            return new NetExchange(id, rank, size, state, inbox, outbox, control);
        }
    }

    /**
     * Leaves the group: what this rank sent is written out, the hub hears goodbye (rank 0 waits,
     * at most scr.group.timeout, for the others to leave too), and the threads end.
     */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            outbox.close();
            state.close();
            control.leave(timeoutMillis);
            dataServer.close().awaitUninterruptibly(timeoutMillis);
        } finally {
            inbox.closeAll();
            transport.close();
        }
    }

    @Override
    public String toString() {
        InetSocketAddress data = (InetSocketAddress) dataServer.localAddress();
        return state.self() + " (job group over " + transport.kind() + ", data " + Wire.address(data) + ")";
    }
}
