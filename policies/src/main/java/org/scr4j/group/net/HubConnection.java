package org.scr4j.group.net;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** The hub's end of one rank's control connection: turns its frames and its failure into {@link Hub} calls. */
final class HubConnection extends ChannelInboundHandlerAdapter {
    private final Hub hub;
    private final long timeoutSeconds;
    private int rank = -1;

    HubConnection(Hub hub, long timeoutSeconds) {
        this.hub = requireNonNull(hub, "hub is null");
        this.timeoutSeconds = timeoutSeconds;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Frame frame = (Frame) msg;
        ByteBuf body = frame.body();
        try {
            if (frame.type() != FrameType.JOIN && rank < 0) {
                throw new CorruptedFrameException("it sent " + frame.type() + " before JOIN");
            }
            switch (frame.type()) {
                case JOIN -> join(ctx, frame.tag(), body);
                case GATHER -> hub.gather(rank, frame.tag(), Wire.rest(body));
                case ABANDON -> hub.abandon(rank, frame.tag(), Wire.text(body));
                case GOODBYE -> hub.goodbye(rank);
                default -> throw new CorruptedFrameException("it sent a " + frame.type() + " frame, which ranks do not send to the hub");
            }
        } finally {
            body.release();
        }
    }

    private void join(ChannelHandlerContext ctx, long tag, ByteBuf body) {
        if (rank >= 0 || tag < 0 || tag > Integer.MAX_VALUE) {
            throw new CorruptedFrameException("it sent JOIN twice, or for rank " + tag);
        }
        int size = Wire.readInt(body);
        String node = Wire.readString(body);
        String host = Wire.readString(body);
        int port = Wire.readInt(body);
        InetAddress address = NetUtil.createInetAddressFromIpAddressString(host);
        if (address == null || port <= 0 || port > 0xFFFF) {
            throw new CorruptedFrameException("it gave " + host + ":" + port + " as its data address");
        }
        rank = (int) tag;
        hub.join(ctx.channel(), rank, size, node, new InetSocketAddress(address, port));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        hub.lost(ctx.channel(), rank, "is gone: its connection to the hub closed without a goodbye (the process ended or was killed)");
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        hub.lost(ctx.channel(), rank, cause instanceof IOException
                ? "is gone: its connection to the hub broke (" + cause.getMessage() + ")"
                : "sent the hub something it cannot read (" + cause.getMessage() + ")");
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            hub.lost(ctx.channel(), rank, "sent no heartbeat for " + timeoutSeconds + " s (scr.group.timeout): the process is"
                    + " stopped, hung or cut off from the network");
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }
}
