package org.scr4j.group.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;

/**
 * Cuts the byte stream into {@link Frame}s. Each body gets a buffer of exactly its size (see
 * {@link MessageBuffers}) and is handed on whole; its bytes are copied at most once, from a read
 * buffer, and on data connections mostly not at all, since {@link BodyReads} lets the socket read
 * into the body itself. Unlike a cumulating decoder, nothing is copied again as a large frame
 * arrives piece by piece. Until the peer is authenticated only small frames are accepted, so a
 * stranger cannot make this process allocate much.
 */
final class FrameDecoder extends ChannelInboundHandlerAdapter {
    /** Enough for any handshake frame. */
    static final int HANDSHAKE_LIMIT = 256;
    /** Below this, a read into a fresh buffer, which may also take the frames after the body, costs less than a read of its own. */
    private static final int LEND_MIN = 64 << 10;

    private final MessageBuffers buffers;
    private final ByteBuf header = Unpooled.buffer(Frame.HEADER, Frame.HEADER);
    private int limit = HANDSHAKE_LIMIT;
    private FrameType type;
    private long tag;
    private ByteBuf body;
    /** After a bad frame the stream cannot be resynchronized: the rest is dropped while the connection closes. */
    private boolean corrupt;
    /** The part of the body handed to the socket by {@link #lend}, until its read comes back. */
    private ByteBuf lent;

    FrameDecoder(MessageBuffers buffers) {
        this.buffers = buffers;
    }

    /** The largest body accepted from now on; raised once the peer proved it belongs to the job. */
    void limit(int bytes) {
        this.limit = bytes;
    }

    /**
     * At most {@code max} bytes of the unfilled part of the body being read, for the socket to read
     * into (see {@link BodyReads}), or null when no large body is being read. The read comes back
     * through {@link #channelRead}.
     */
    ByteBuf lend(int max) {
        lent = null;
        if (body != null && !corrupt && body.writableBytes() >= LEND_MIN) {
            lent = body.retainedSlice(body.writerIndex(), Math.min(body.writableBytes(), Math.max(max, LEND_MIN))).clear();
        }
        return lent;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (in == lent) {
            // The socket read into the body itself: only the body's end moves.
            lent = null;
            body.writerIndex(body.writerIndex() + in.readableBytes());
            in.release();
            if (!body.isWritable()) {
                emit(ctx);
            }
            return;
        }
        try {
            while (in.isReadable() && !corrupt && ctx.channel().isOpen()) {
                if (body == null) {
                    header.writeBytes(in, Math.min(header.writableBytes(), in.readableBytes()));
                    if (!header.isWritable()) {
                        startFrame(ctx);
                    }
                } else {
                    body.writeBytes(in, Math.min(body.writableBytes(), in.readableBytes()));
                    if (!body.isWritable()) {
                        emit(ctx);
                    }
                }
            }
        } finally {
            in.release();
        }
    }

    private void startFrame(ChannelHandlerContext ctx) {
        int length = header.readInt();
        byte code = header.readByte();
        tag = header.readLong();
        header.clear();
        type = FrameType.of(code);
        if (type == null) {
            corrupt = true;
            throw new CorruptedFrameException("it sent a frame of unknown type " + code + " (not an scr4j job group peer,"
                    + " or a different version of scr4j)");
        }
        if (length < 0 || length > limit) {
            corrupt = true;
            throw new CorruptedFrameException("it sent a " + type + " frame of " + length + " bytes; this connection takes at most "
                    + limit + (limit == HANDSHAKE_LIMIT ? " before the peer proves it holds the job secret" : ""));
        }
        body = length == 0 ? Unpooled.EMPTY_BUFFER : buffers.take(length);
        if (length == 0) {
            emit(ctx);
        }
    }

    private void emit(ChannelHandlerContext ctx) {
        ByteBuf done = body;
        body = null;
        ctx.fireChannelRead(new Frame(type, tag, done));
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (body != null) {
            body.release();
            body = null;
        }
        header.release();
    }
}
