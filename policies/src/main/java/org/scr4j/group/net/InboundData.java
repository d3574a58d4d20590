package org.scr4j.group.net;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** This rank's end of a peer's data connection, after the handshake: files each message into the {@link Inbox}. */
final class InboundData extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(InboundData.class);

    private final Inbox inbox;
    private final int rank;
    private final int size;
    private int from = -1;
    private Inbox.Flow flow;

    InboundData(Inbox inbox, int rank, int size) {
        this.inbox = requireNonNull(inbox, "inbox is null");
        this.rank = rank;
        this.size = size;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Frame frame = (Frame) msg;
        if (frame.type() == FrameType.DATA && from >= 0) {
            inbox.deliver(flow, frame.tag(), frame.body());
            return;
        }
        try {
            switch (frame.type()) {
                case DATA_HELLO -> hello(ctx, frame.tag());
                case DATA_END -> {
                    sender();
                    inbox.ended(flow, frame.tag());
                }
                default -> throw new CorruptedFrameException("it sent " + frame.type() + (from < 0 ? " before DATA_HELLO" : ""));
            }
        } finally {
            frame.body().release();
        }
    }

    private void hello(ChannelHandlerContext ctx, long tag) {
        if (from >= 0 || tag < 0 || tag >= size || tag == rank) {
            throw new CorruptedFrameException("it introduced itself as rank " + tag + " to rank " + rank + " of " + size);
        }
        from = (int) tag;
        flow = inbox.attach(from, ctx.channel());
    }

    private int sender() {
        if (from < 0) {
            throw new CorruptedFrameException("it ended a data connection it never introduced");
        }
        return from;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (flow != null) {
            inbox.detached(flow, "the connection closed without an end (the process ended or was killed)");
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String why = cause instanceof IOException ? "the connection broke (" + cause.getMessage() + ")"
                : "it sent something this rank cannot read (" + cause.getMessage() + ")";
        LOG.warn("rank {}: closing the data connection from {} (rank {}): {}", rank, Wire.address(ctx.channel().remoteAddress()),
                from < 0 ? "unknown" : from, why);
        if (flow != null) {
            inbox.detached(flow, why);
        }
        ctx.close();
    }
}
