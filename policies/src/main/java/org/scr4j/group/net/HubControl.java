package org.scr4j.group.net;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Promise;

/** Rank 0's way to the hub, which lives in its own process: calls run on the hub's thread. */
final class HubControl implements Control {
    private final Hub hub;
    private final EventLoop loop;
    private final Channel listener;

    /** {@code listener} is the rendezvous port, closed once rank 0 leaves. */
    HubControl(Hub hub, EventLoop loop, Channel listener) {
        this.hub = requireNonNull(hub, "hub is null");
        this.loop = requireNonNull(loop, "loop is null");
        this.listener = requireNonNull(listener, "listener is null");
    }

    @Override
    public void gather(long seq, byte[] value) {
        loop.execute(() -> hub.gather(0, seq, value));
    }

    @Override
    public void abandon(long exchange, String reason) {
        loop.execute(() -> hub.abandon(0, exchange, reason));
    }

    @Override
    public void leave(long timeoutMillis) {
        Promise<Void> done = loop.newPromise();
        loop.execute(() -> hub.close(done));
        // The hub bounds its own wait; the extra second only covers the hand-over between threads.
        done.awaitUninterruptibly(timeoutMillis + 1000);
        listener.close().awaitUninterruptibly(timeoutMillis);
    }
}
