package org.scr4j.group.net;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.SocketChannel;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.scr4j.group.Exchange;
import org.scr4j.group.GroupException;

/**
 * This rank's data connection to one peer for one exchange, opened on first use; it carries that
 * exchange's messages to that peer, in order. A sender waits while the connection holds more than
 * {@link Transport#DATA_WATER_MARK} unsent bytes, so a slow receiver slows its senders instead of
 * filling their memory.
 */
final class Link {
    /** File regions in flight at once: regions hold no memory, so this only bounds how far sendFile runs ahead. */
    private static final int FILE_WINDOW = 4;

    private final Peer peer;
    private final RankState state;
    private final MessageBuffers buffers;
    private final long timeoutMillis;
    /** Set once, before {@link #open} returns the link to anyone. */
    private Channel channel;
    private volatile String broke;
    private volatile boolean ending;

    private Link(Peer peer, RankState state, MessageBuffers buffers, long timeoutMillis) {
        this.peer = peer;
        this.state = state;
        this.buffers = buffers;
        this.timeoutMillis = timeoutMillis;
    }

    /** Connects to {@code peer}'s data server and proves this rank belongs to the job. */
    static Link open(Bootstrap bootstrap, MessageBuffers buffers, int rank, Peer peer, JobSecret secret, RankState state,
            long timeoutMillis, String doing) {
        requireNonNull(peer, "peer is null");
        CompletableFuture<Channel> proven = new CompletableFuture<>();
        Link link = new Link(peer, state, buffers, timeoutMillis);
        ChannelFuture connect = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                FrameDecoder decoder = new FrameDecoder(buffers);
                ch.pipeline().addLast(decoder, Handshake.client(Handshake.Purpose.DATA, secret, timeoutMillis, c -> {
                    c.pipeline().addLast(link.new Watcher());
                    c.writeAndFlush(Wire.frame(c.alloc(), FrameType.DATA_HELLO, rank))
                            .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
                }, proven));
            }
        }).connect(peer.data());
        link.channel = connect.channel();
        connect.addListener(connected -> {
            if (!connected.isSuccess()) {
                proven.completeExceptionally(connected.cause());
            }
        });
        proven.whenComplete((c, e) -> state.signal());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            state.await(() -> {
                if (proven.isDone()) {
                    return Boolean.TRUE;
                }
                state.check(doing);
                if (System.nanoTime() > deadline) {
                    throw new GroupException(state.self() + ": " + doing + " failed: no data connection to " + peer.name() + " at "
                            + address(peer) + " within " + timeoutMillis + " ms. Fix: check that the nodes can reach each other", null);
                }
                return null;
            }, doing);
            proven.join();
        } catch (RuntimeException e) {
            link.channel.close();
            if (!(e instanceof CompletionException) || e.getCause() == null) {
                throw e;
            }
            Throwable cause = e.getCause();
            throw new GroupException(state.self() + ": " + doing + " failed: cannot open a data connection to " + peer.name()
                    + " at " + address(peer) + ": " + cause.getMessage(), cause);
        }
        return link;
    }

    private static String address(Peer peer) {
        return Wire.address(peer.data());
    }

    /** Sends the remaining bytes of {@code data} as one message of {@code exchange}; they are copied once, into a direct buffer. */
    void send(long exchange, ByteBuffer data, String doing) {
        awaitWritable(exchange, doing);
        int length = data.remaining();
        ByteBuf frame = buffers.take(Frame.HEADER + length);
        frame.writeInt(length).writeByte(FrameType.DATA.code).writeLong(exchange).writeBytes(data);
        synchronized (this) {
            channel.writeAndFlush(frame, channel.voidPromise());
        }
    }

    /**
     * Sends a file's bytes as messages of at most {@link Exchange#MAX_MESSAGE}, each a header and a
     * file region that the transport hands to the socket without copying it through this JVM.
     * Returns once the last region is written, so the caller may close the file.
     */
    void sendFile(long exchange, FileChannel file, long position, long count, String doing) throws IOException {
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("position " + position + " and count " + count + " must not be negative");
        }
        long size = file.size();
        if (position + count > size) {
            throw new EOFException("the file ends before byte " + (position + count) + " (at " + size + ")");
        }
        ArrayDeque<ChannelPromise> inFlight = new ArrayDeque<>();
        try {
            for (long done = 0; done < count; ) {
                int length = (int) Math.min(Exchange.MAX_MESSAGE, count - done);
                if (inFlight.size() >= FILE_WINDOW) {
                    awaitWritten(inFlight.peek(), exchange, doing);
                    inFlight.remove();
                }
                awaitWritable(exchange, doing);
                ChannelPromise written = channel.newPromise();
                written.addListener(f -> state.signal());
                synchronized (this) {
                    channel.write(Wire.header(channel.alloc(), FrameType.DATA, exchange, length), channel.voidPromise());
                    channel.writeAndFlush(new BorrowedFileRegion(file, position + done, length), written);
                }
                inFlight.add(written);
                done += length;
            }
            while (!inFlight.isEmpty()) {
                awaitWritten(inFlight.peek(), exchange, doing);
                inFlight.remove();
            }
        } catch (RuntimeException e) {
            // An abandoned exchange leaves the group working: let the regions already queued finish (the peer drops
            // them) before the caller closes its file, or the half-sent frame would break the connection for good.
            if (!state.broken()) {
                inFlight.forEach(written -> written.awaitUninterruptibly(timeoutMillis));
            }
            throw e;
        }
    }

    private void awaitWritable(long exchange, String doing) {
        state.await(() -> {
            checkUsable(exchange, doing);
            return channel.isWritable() ? Boolean.TRUE : null;
        }, doing);
    }

    private void awaitWritten(ChannelPromise written, long exchange, String doing) {
        state.await(() -> {
            if (written.isDone()) {
                if (!written.isSuccess()) {
                    throw new GroupException(state.self() + ": " + doing + " failed: the data connection to " + peer.name()
                            + " broke: " + written.cause().getMessage() + ". " + RankState.RELAUNCH, written.cause());
                }
                return Boolean.TRUE;
            }
            checkUsable(exchange, doing);
            return null;
        }, doing);
    }

    private void checkUsable(long exchange, String doing) {
        state.check(exchange, doing);
        if (state.hasLeft(peer.rank())) {
            throw new GroupException(state.self() + ": " + doing + " failed: " + peer.name() + " has left the job group (it"
                    + " closed it). Fix: a rank must not close the group while others still send to it", null);
        }
        String why = broke;
        if (why != null) {
            throw new GroupException(state.self() + ": " + doing + " failed: the data connection to " + peer.name() + " broke: "
                    + why + ". " + RankState.RELAUNCH, null);
        }
    }

    /** Sends the end frame, waits at most {@code waitMillis} for everything before it to be written, and closes; 0: just closes. */
    void end(long waitMillis) {
        ending = true;
        if (waitMillis > 0 && channel.isActive() && broke == null) {
            ChannelFuture written;
            synchronized (this) {
                written = channel.writeAndFlush(Wire.frame(channel.alloc(), FrameType.DATA_END, 0));
            }
            written.awaitUninterruptibly(waitMillis);
        }
        channel.close().awaitUninterruptibly(Math.max(waitMillis, 1000));
    }

    /**
     * This exchange is over on this rank: the end frame goes after everything sent, and the
     * connection closes once it is written. Nothing waits: the receiver may still be reading.
     */
    void finish(long exchange) {
        ending = true;
        if (channel.isActive() && broke == null) {
            synchronized (this) {
                channel.writeAndFlush(Wire.frame(channel.alloc(), FrameType.DATA_END, exchange))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        } else {
            channel.close();
        }
    }

    /** Wakes senders when the connection drains, and records how it failed. */
    private final class Watcher extends ChannelInboundHandlerAdapter {
        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            state.signal();
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ((Frame) msg).body().release();
            failed(ctx, "the peer sent a " + ((Frame) msg).type() + " frame on a connection that only carries data to it");
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!ending) {
                failed(ctx, "the connection closed (the process ended or was killed)");
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failed(ctx, cause.getMessage() == null ? cause.toString() : cause.getMessage());
        }

        private void failed(ChannelHandlerContext ctx, String why) {
            if (broke == null) {
                broke = why;
            }
            state.signal();
            ctx.close();
        }
    }
}
