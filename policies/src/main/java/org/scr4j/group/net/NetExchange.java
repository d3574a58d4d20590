package org.scr4j.group.net;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.scr4j.group.Exchange;
import org.scr4j.group.GroupException;

/** One exchange of a {@link NetGroup}: sends go through the {@link Outbox}, receives come from the {@link Inbox}. */
final class NetExchange implements Exchange {
    private final long id;
    private final int rank;
    private final int size;
    private final RankState state;
    private final Inbox inbox;
    private final Outbox outbox;
    private final Control control;
    private volatile boolean closed;

    NetExchange(long id, int rank, int size, RankState state, Inbox inbox, Outbox outbox, Control control) {
        this.id = id;
        this.rank = rank;
        this.size = size;
        this.state = requireNonNull(state, "state is null");
        this.inbox = requireNonNull(inbox, "inbox is null");
        this.outbox = requireNonNull(outbox, "outbox is null");
        this.control = requireNonNull(control, "control is null");
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public void send(int to, ByteBuffer data) {
        String doing = usable(to, "sending to");
        if (data.remaining() > MAX_MESSAGE) {
            throw new IllegalArgumentException("a message holds at most " + MAX_MESSAGE + " bytes, not " + data.remaining()
                    + "; send larger data as several messages");
        }
        state.check(id, doing);
        outbox.link(id, to, doing).send(id, data, doing);
    }

    @Override
    public void sendFile(int to, FileChannel file, long position, long count) throws IOException {
        String doing = usable(to, "sending a file to");
        state.check(id, doing);
        outbox.link(id, to, doing).sendFile(id, file, position, count, doing);
    }

    @Override
    public Message receive(int from) {
        String doing = usable(from, "receiving from");
        ByteBuf data = state.await(() -> {
            state.check(id, doing);
            if (closed) {
                throw new IllegalStateException("exchange " + id + " was closed while " + doing.replace(" in exchange " + id, ""));
            }
            ByteBuf next = inbox.poll(id, from);
            if (next != null) {
                return next;
            }
            String why = inbox.exhausted(id, from);
            if (why != null) {
                throw new GroupException(state.self() + ": " + doing + " failed: " + state.name(from) + ": " + why, null);
            }
            return null;
        }, doing);
        return new NetMessage(data);
    }

    private String usable(int peer, String verb) {
        if (peer < 0 || peer >= size || peer == rank) {
            throw new IllegalArgumentException("rank " + rank + " cannot exchange with rank " + peer + ": peers are the other ranks"
                    + " of 0.." + (size - 1));
        }
        if (closed) {
            throw new IllegalStateException("exchange " + id + " is closed; open a new one with Group.exchange()");
        }
        return verb + " rank " + peer + " in exchange " + id;
    }

    @Override
    public void abandon(String reason) {
        requireNonNull(reason, "reason is null");
        state.abandon(id, "rank " + rank + " abandoned exchange " + id + ": " + reason);
        control.abandon(id, reason);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            outbox.release(id);
            inbox.close(id);
            state.forget(id);
            state.signal();
        }
    }

    @Override
    public String toString() {
        return "exchange " + id + " of " + state.self();
    }

    /** A received message: a view of the frame's pooled buffer, given back on close. */
    private static final class NetMessage implements Message {
        private final ByteBuf buffer;
        private final ByteBuffer data;
        private boolean closed;

        NetMessage(ByteBuf buffer) {
            this.buffer = buffer;
            this.data = buffer.nioBuffer();
        }

        @Override
        public ByteBuffer data() {
            if (closed) {
                throw new IllegalStateException("the message is closed; its memory went back to the pool");
            }
            return data;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                buffer.release();
            }
        }
    }
}
