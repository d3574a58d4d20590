package org.scr4j.group.net;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import io.netty.buffer.ByteBuf;

/** A rank's way to the hub over its control connection. */
final class LinkControl implements Control {
    private final Channel channel;

    LinkControl(Channel channel) {
        this.channel = requireNonNull(channel, "channel is null");
    }

    @Override
    public void gather(long seq, byte[] value) {
        send(Wire.frame(channel.alloc(), FrameType.GATHER, seq, value));
    }

    @Override
    public void abandon(long exchange, String reason) {
        send(Wire.frame(channel.alloc(), FrameType.ABANDON, exchange, reason));
    }

    private void send(ByteBuf frame) {
        channel.writeAndFlush(frame).addListener(Wire.READ_SIDE_REPORTS);
    }

    @Override
    public void leave(long timeoutMillis) {
        if (channel.isActive()) {
            channel.writeAndFlush(Wire.frame(channel.alloc(), FrameType.GOODBYE, 0)).awaitUninterruptibly(timeoutMillis);
        }
        channel.close().awaitUninterruptibly(timeoutMillis);
    }
}
