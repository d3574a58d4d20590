package org.scr4j.group.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.scr4j.group.GroupException;

/**
 * Brings one rank into its job group. Rank 0 listens at the rendezvous and runs the hub; every
 * other rank connects to it, proves it holds the job secret, and says which rank it is and where
 * its data server listens. Each waits for the hub's table of all ranks, at most the join timeout;
 * a rank that never comes fails every rank with its number.
 */
final class Join {
    /** Ranks of a large job start over a while; joining may take at least this long whatever scr.group.timeout is. */
    static final long MIN_JOIN_MILLIS = 60_000;
    private static final long RETRY_MILLIS = 100;

    private final GroupEnvironment env;
    private final JobSecret secret;
    private final long timeoutMillis;
    private final long joinMillis;
    private final RankState state;

    private Join(GroupEnvironment env, JobSecret secret, long timeoutSeconds) {
        this.env = env;
        this.secret = secret;
        this.timeoutMillis = TimeUnit.SECONDS.toMillis(timeoutSeconds);
        this.joinMillis = Math.max(MIN_JOIN_MILLIS, timeoutMillis);
        this.state = new RankState("rank " + env.rank() + " of " + env.size() + " on node " + env.node());
    }

    /** Joins, or throws a {@link GroupException} saying why not; nothing is left running then. */
    static NetGroup join(GroupEnvironment env, JobSecret secret, long timeoutSeconds) {
        Join join = new Join(env, secret, timeoutSeconds);
        Transport transport = Transport.start();
        try {
            return env.rank() == 0 ? join.asHub(transport) : join.asRank(transport);
        } catch (RuntimeException | Error e) {
            try {
                transport.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private NetGroup asHub(Transport transport) {
        InetAddress address = resolve();
        if (address.isAnyLocalAddress()) {
            throw new GroupException(state.self() + " cannot listen at " + GroupEnvironment.RENDEZVOUS + "=" + env.rendezvous()
                    + ": that is every address of the node, so other ranks would not know which to connect to. Fix: name"
                    + " rank 0's host or one of its addresses", null);
        }
        Inbox inbox = new Inbox(state, env.size());
        Channel data = DataServer.bind(transport, address, secret, inbox, state, 0, env.size(), timeoutMillis);
        EventLoop loop = transport.control().next();
        Hub hub = new Hub(env.size(), new Peer(0, env.node(), (InetSocketAddress) data.localAddress()), state, env.rendezvous(),
                joinMillis, timeoutMillis, loop);
        ChannelFuture bound = transport.controlServer().childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                FrameDecoder decoder = new FrameDecoder(transport.buffers());
                ch.pipeline().addLast(decoder, Handshake.server(Handshake.Purpose.CONTROL, secret, timeoutMillis, proven -> {
                    decoder.limit(Integer.MAX_VALUE);
                    heartbeats(proven.pipeline()).addLast(new HubConnection(hub, timeoutMillis / 1000));
                }));
            }
        }).bind(new InetSocketAddress(address, env.port())).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            data.close();
            throw new GroupException(state.self() + " cannot listen at " + GroupEnvironment.RENDEZVOUS + "=" + env.rendezvous()
                    + ": " + bound.cause().getMessage() + ". Fix: choose a free port on an address of rank 0's node (the scr4j"
                    + " launcher picks one)", bound.cause());
        }
        loop.execute(hub::start);
        awaitTable(joinMillis + timeoutMillis);
        return new NetGroup(0, env.size(), env.node(), state, new HubControl(hub, loop, bound.channel()), inbox,
                outbox(transport), data, transport, timeoutMillis);
    }

    private NetGroup asRank(Transport transport) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(joinMillis);
        Channel control = connect(transport, deadline);
        Inbox inbox = new Inbox(state, env.size());
        InetAddress local = ((InetSocketAddress) control.localAddress()).getAddress();
        Channel data = DataServer.bind(transport, local, secret, inbox, state, env.rank(), env.size(), timeoutMillis);
        InetSocketAddress dataAddress = (InetSocketAddress) data.localAddress();
        ByteBuf join = Wire.start(control.alloc(), FrameType.JOIN, env.rank(), 64);
        join.writeInt(env.size());
        Wire.writeString(join, env.node());
        Wire.writeString(join, dataAddress.getAddress().getHostAddress());
        join.writeInt(dataAddress.getPort());
        control.writeAndFlush(Wire.finish(join)).addListener(Wire.READ_SIDE_REPORTS);
        try {
            awaitTable(joinMillis + timeoutMillis);
        } catch (RuntimeException e) {
            control.close();
            data.close();
            throw e;
        }
        return new NetGroup(env.rank(), env.size(), env.node(), state, new LinkControl(control), inbox, outbox(transport), data,
                transport, timeoutMillis);
    }

    /** Connects to rank 0, retrying while it does not listen yet (ranks start in any order), and proves this rank. */
    private Channel connect(Transport transport, long deadline) {
        InetSocketAddress hub = new InetSocketAddress(resolve(), env.port());
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            CompletableFuture<Channel> proven = new CompletableFuture<>();
            ChannelFuture connect = transport.controlClient()
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeoutMillis, Integer.MAX_VALUE))
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            FrameDecoder decoder = new FrameDecoder(transport.buffers());
                            ch.pipeline().addLast(decoder, Handshake.client(Handshake.Purpose.CONTROL, secret, timeoutMillis, c -> {
                                decoder.limit(Integer.MAX_VALUE);
                                heartbeats(c.pipeline()).addLast(new HubLink(state, env.size(), env.rendezvous(),
                                        timeoutMillis / 1000));
                            }, proven));
                        }
                    }).connect(hub).awaitUninterruptibly();
            if (!connect.isSuccess()) {
                last = connect.cause();
                if (!(last instanceof ConnectException)) {
                    break;
                }
                sleep(RETRY_MILLIS);
                continue;
            }
            try {
                return proven.join();
            } catch (CompletionException e) {
                connect.channel().close();
                throw new GroupException(state.self() + " cannot join the job group: " + e.getCause().getMessage(), e.getCause());
            }
        }
        throw new GroupException(state.self() + " could not reach rank 0 at " + GroupEnvironment.RENDEZVOUS + "=" + env.rendezvous()
                + " within " + joinMillis / 1000 + " s: " + last + ". Fix: start rank 0 with the same " + GroupEnvironment.RENDEZVOUS
                + ", and check that this node can reach that address", last);
    }

    private ChannelPipeline heartbeats(ChannelPipeline pipeline) {
        return pipeline.addLast(new IdleStateHandler(timeoutMillis, 0, 0, TimeUnit.MILLISECONDS),
                new Heartbeat(Math.max(100, timeoutMillis / 5)));
    }

    private void awaitTable(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        String doing = "joining the job group at " + env.rendezvous();
        state.await(() -> {
            state.check(doing);
            if (System.nanoTime() > deadline) {
                throw new GroupException(state.self() + ": " + doing + " failed: the table of ranks did not come within "
                        + millis / 1000 + " s. Fix: check that every rank was started and can reach rank 0", null);
            }
            return state.table();
        }, doing);
    }

    private Outbox outbox(Transport transport) {
        return new Outbox(env.rank(), env.size(), transport.dataClient(), transport.buffers(), secret, state, timeoutMillis);
    }

    private InetAddress resolve() {
        try {
            return InetAddress.getByName(env.host());
        } catch (UnknownHostException e) {
            throw new GroupException(state.self() + ": " + GroupEnvironment.RENDEZVOUS + "=" + env.rendezvous() + " names a host"
                    + " that does not resolve (" + e.getMessage() + "). Fix: name rank 0's host as this node knows it, or its address", e);
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GroupException(state.self() + ": interrupted while joining the job group", e);
        }
    }
}
