package org.scr4j.group.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.channel.ChannelFutureListener;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes frames and reads their fields, checking every length against what is really there. */
final class Wire {
    private static final Logger LOG = LoggerFactory.getLogger(Wire.class);

    /**
     * For writes on a control connection after the handshake. A failed write means the peer is
     * gone; the read side reports that, with its cause, once it has read what the peer said last
     * (a goodbye, or why the hub closed). Those connections do not close on a failed write
     * (AUTO_CLOSE is off), so nothing the peer said is lost.
     */
    static final ChannelFutureListener READ_SIDE_REPORTS = f -> {
        if (!f.isSuccess()) {
            LOG.debug("a write to {} failed; its reading side reports why: {}", address(f.channel().remoteAddress()), f.cause());
        }
    };

    private Wire() {
    }

    /** host:port without a host name lookup, as messages show addresses. */
    static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            String host = inet.getAddress().getHostAddress();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    /** The header of a frame whose body of {@code bodyLength} bytes follows separately. */
    static ByteBuf header(ByteBufAllocator alloc, FrameType type, long tag, int bodyLength) {
        return alloc.directBuffer(Frame.HEADER, Frame.HEADER).writeInt(bodyLength).writeByte(type.code).writeLong(tag);
    }

    /** A frame to write the body into; {@link #finish} fills in the length. */
    static ByteBuf start(ByteBufAllocator alloc, FrameType type, long tag, int expectedBody) {
        return alloc.directBuffer(Frame.HEADER + expectedBody).writeInt(0).writeByte(type.code).writeLong(tag);
    }

    static ByteBuf finish(ByteBuf frame) {
        return frame.setInt(0, frame.readableBytes() - Frame.HEADER);
    }

    /** A whole frame with an empty body. */
    static ByteBuf frame(ByteBufAllocator alloc, FrameType type, long tag) {
        return header(alloc, type, tag, 0);
    }

    /** A whole frame whose body is {@code body}; releases {@code body}. */
    static ByteBuf frame(ByteBufAllocator alloc, FrameType type, long tag, ByteBuf body) {
        try {
            ByteBuf out = alloc.directBuffer(Frame.HEADER + body.readableBytes());
            return out.writeInt(body.readableBytes()).writeByte(type.code).writeLong(tag).writeBytes(body);
        } finally {
            body.release();
        }
    }

    /** A whole frame whose body is a byte array. */
    static ByteBuf frame(ByteBufAllocator alloc, FrameType type, long tag, byte[] body) {
        ByteBuf out = alloc.directBuffer(Frame.HEADER + body.length);
        return out.writeInt(body.length).writeByte(type.code).writeLong(tag).writeBytes(body);
    }

    /** A whole frame whose body is one string. */
    static ByteBuf frame(ByteBufAllocator alloc, FrameType type, long tag, String text) {
        return frame(alloc, type, tag, text.getBytes(StandardCharsets.UTF_8));
    }

    static void writeString(ByteBuf out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length).writeBytes(bytes);
    }

    static String readString(ByteBuf in) {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    /** The rest of the body as a string (frames whose whole body is one text). */
    static String text(ByteBuf in) {
        return in.toString(StandardCharsets.UTF_8);
    }

    static void writeBytes(ByteBuf out, byte[] bytes) {
        out.writeInt(bytes.length).writeBytes(bytes);
    }

    static byte[] readBytes(ByteBuf in) {
        int length = readInt(in);
        if (length < 0 || length > in.readableBytes()) {
            throw new CorruptedFrameException("a field claims " + length + " bytes but only " + in.readableBytes() + " remain");
        }
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        return bytes;
    }

    static int readInt(ByteBuf in) {
        need(in, Integer.BYTES);
        return in.readInt();
    }

    /** The rest of the body as a byte array. */
    static byte[] rest(ByteBuf in) {
        return ByteBufUtil.getBytes(in);
    }

    static byte[] readExactly(ByteBuf in, int length) {
        need(in, length);
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        return bytes;
    }

    private static void need(ByteBuf in, int bytes) {
        if (in.readableBytes() < bytes) {
            throw new CorruptedFrameException("a field needs " + bytes + " bytes but only " + in.readableBytes() + " remain");
        }
    }
}
