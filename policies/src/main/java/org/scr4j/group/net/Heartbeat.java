package org.scr4j.group.net;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends a heartbeat on a control connection every {@code intervalMillis} and swallows the peer's,
 * which have done their job once an {@link io.netty.handler.timeout.IdleStateHandler} before this
 * handler has seen them arrive.
 */
final class Heartbeat extends ChannelDuplexHandler {
    private final long intervalMillis;
    private ScheduledFuture<?> beats;

    Heartbeat(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // Added once the handshake is done, so the channel is already active.
        beats = ctx.executor().scheduleAtFixedRate(
                () -> ctx.writeAndFlush(Wire.frame(ctx.alloc(), FrameType.HEARTBEAT, 0))
                        .addListener(Wire.READ_SIDE_REPORTS),
                0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Frame frame && frame.type() == FrameType.HEARTBEAT) {
            frame.body().release();
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        beats.cancel(false);
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        beats.cancel(false);
    }
}
