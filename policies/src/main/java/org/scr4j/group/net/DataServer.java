package org.scr4j.group.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.scr4j.group.Exchange;
import org.scr4j.group.GroupException;

/** Where a rank's peers connect to send it messages: authenticated like the control plane, then one {@link InboundData} per peer. */
final class DataServer {
    private DataServer() {
    }

    /** Listens on {@code address}, on a port the system picks; the port goes to the peers in the hub's table. */
    static Channel bind(Transport transport, InetAddress address, JobSecret secret, Inbox inbox, RankState state, int rank,
            int size, long handshakeMillis) {
        var bound = transport.dataServer().childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                FrameDecoder decoder = new FrameDecoder(transport.buffers());
                ch.config().setRecvByteBufAllocator(new BodyReads(decoder, ch.config().getRecvByteBufAllocator()));
                ch.pipeline().addLast(decoder, Handshake.server(Handshake.Purpose.DATA, secret, handshakeMillis, proven -> {
                    decoder.limit(Exchange.MAX_MESSAGE);
                    proven.pipeline().addLast(new InboundData(inbox, rank, size));
                }));
            }
        }).bind(new InetSocketAddress(address, 0)).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new GroupException(state.self() + " cannot listen for data on " + address.getHostAddress() + ": "
                    + bound.cause() + ". Fix: make sure this node may open TCP ports on the interface it reaches rank 0 by", bound.cause());
        }
        return bound.channel();
    }
}
