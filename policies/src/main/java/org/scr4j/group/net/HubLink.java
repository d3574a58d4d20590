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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A rank's end of its control connection to the hub: turns what the hub says, and the hub's failure, into {@link RankState}. */
final class HubLink extends ChannelInboundHandlerAdapter {
    private final RankState state;
    private final int size;
    private final String rendezvous;
    private final long timeoutSeconds;

    HubLink(RankState state, int size, String rendezvous, long timeoutSeconds) {
        this.state = requireNonNull(state, "state is null");
        this.size = size;
        this.rendezvous = requireNonNull(rendezvous, "rendezvous is null");
        this.timeoutSeconds = timeoutSeconds;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Frame frame = (Frame) msg;
        ByteBuf body = frame.body();
        try {
            switch (frame.type()) {
                case TABLE -> state.table(table(body));
                case GATHERED -> state.gathered(frame.tag(), values(body));
                case FAILED -> state.fail(Wire.text(body));
                case LEFT -> state.left(checkRank(frame.tag()));
                case ABANDON -> state.abandon(frame.tag(), Wire.text(body));
                case CLOSING -> state.fail(hub() + " closed the group while this rank still used it: " + Wire.text(body));
                case REFUSED -> state.fail(hub() + " refused this rank: " + Wire.text(body));
                default -> throw new CorruptedFrameException("it sent a " + frame.type() + " frame, which the hub does not send");
            }
        } finally {
            body.release();
        }
    }

    private List<Peer> table(ByteBuf body) {
        if (Wire.readInt(body) != size) {
            throw new CorruptedFrameException("its table of ranks is not for a job of " + size);
        }
        List<Peer> peers = new ArrayList<>(size);
        for (int r = 0; r < size; r++) {
            String node = Wire.readString(body);
            String host = Wire.readString(body);
            InetAddress address = NetUtil.createInetAddressFromIpAddressString(host);
            int port = Wire.readInt(body);
            if (address == null) {
                throw new CorruptedFrameException("its table gives rank " + r + " the data address " + host);
            }
            peers.add(new Peer(r, node, new InetSocketAddress(address, port)));
        }
        return peers;
    }

    private List<byte[]> values(ByteBuf body) {
        if (Wire.readInt(body) != size) {
            throw new CorruptedFrameException("it sent a collective's result that is not for " + size + " ranks");
        }
        List<byte[]> values = new ArrayList<>(size);
        for (int r = 0; r < size; r++) {
            values.add(Wire.readBytes(body));
        }
        return Collections.unmodifiableList(values);
    }

    private int checkRank(long rank) {
        if (rank < 0 || rank >= size) {
            throw new CorruptedFrameException("it named rank " + rank + " in a job of " + size);
        }
        return (int) rank;
    }

    /** The hub, named as well as this rank knows it. */
    private String hub() {
        List<Peer> table = state.table();
        return table == null ? "rank 0 (the hub of the job group, at " + rendezvous + ")"
                : "rank 0 on node " + table.get(0).node() + " (the hub of the job group)";
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state.fail(hub() + " is gone: its connection closed (the process ended or was killed). " + RankState.RELAUNCH);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        state.fail(cause instanceof IOException
                ? hub() + " is gone: the connection to it broke (" + cause.getMessage() + "). " + RankState.RELAUNCH
                : hub() + " sent something this rank cannot read (" + cause.getMessage() + "). " + RankState.RELAUNCH);
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            state.fail(hub() + " sent no heartbeat for " + timeoutSeconds + " s (scr.group.timeout): it is stopped, hung or cut"
                    + " off from the network. " + RankState.RELAUNCH);
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }
}
