package org.scr4j.group.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The event loops and socket classes of one rank's job group: native epoll where Netty can load
 * it (sendfile for file regions, fewer copies), else NIO. The control plane gets a loop of its own
 * with one thread, so the hub's state needs no locks and heartbeats never wait behind bulk data.
 * All threads are daemons: a rank that forgets to close its group still exits.
 */
final class Transport implements AutoCloseable {
    /** Data connections stop taking writes above this many queued bytes, and take them again below the low mark. */
    static final WriteBufferWaterMark DATA_WATER_MARK = new WriteBufferWaterMark(8 << 20, 16 << 20);

    private final boolean epoll;
    private final EventLoopGroup control;
    private final EventLoopGroup data;
    private final MessageBuffers buffers = new MessageBuffers();

    private Transport(boolean epoll, EventLoopGroup control, EventLoopGroup data) {
        this.epoll = epoll;
        this.control = control;
        this.data = data;
    }

    /** Where large frames get their memory. */
    MessageBuffers buffers() {
        return buffers;
    }

    static Transport start() {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        if (Epoll.isAvailable()) {
            return new Transport(true, new EpollEventLoopGroup(1, new DefaultThreadFactory("scr4j-group-control", true)),
                    new EpollEventLoopGroup(threads, new DefaultThreadFactory("scr4j-group-data", true)));
        }
        return new Transport(false, new NioEventLoopGroup(1, new DefaultThreadFactory("scr4j-group-control", true)),
                new NioEventLoopGroup(threads, new DefaultThreadFactory("scr4j-group-data", true)));
    }

    /** The one thread that runs the control plane (and, on rank 0, the hub). */
    EventLoopGroup control() {
        return control;
    }

    /** Control connections stay open after a failed write, so the last thing the peer said is still read (see {@link Wire#READ_SIDE_REPORTS}). */
    ServerBootstrap controlServer() {
        return server(control).childOption(ChannelOption.TCP_NODELAY, true).childOption(ChannelOption.AUTO_CLOSE, false);
    }

    Bootstrap controlClient() {
        return client(control).option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.AUTO_CLOSE, false);
    }

    ServerBootstrap dataServer() {
        // Reads of up to 512 KiB: few reads per 4 MiB message, and a read buffer stays under a quarter
        // of the pool's 4 MiB chunk, so the chunk lives on (in Netty's qInit list) when the buffer is released.
        return server(data).childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(64 << 10, 256 << 10, 512 << 10));
    }

    Bootstrap dataClient() {
        return client(data).option(ChannelOption.WRITE_BUFFER_WATER_MARK, DATA_WATER_MARK);
    }

    private ServerBootstrap server(EventLoopGroup loops) {
        return new ServerBootstrap().group(loops, loops).channel(serverChannel())
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT);
    }

    private Bootstrap client(EventLoopGroup loops) {
        return new Bootstrap().group(loops).channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT);
    }

    private Class<? extends ServerChannel> serverChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** "epoll" or "nio", for messages. */
    String kind() {
        return epoll ? "epoll" : "nio";
    }

    /** Stops the loops and waits for their threads to end, closing whatever channels are still open. */
    @Override
    public void close() {
        control.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        data.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        control.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        data.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        buffers.close();
    }
}
