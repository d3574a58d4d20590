package org.scr4j.group.net;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;

/**
 * One frame as read from a connection: on the wire, {@code [int body length][byte type][long tag][body]},
 * all written by hand; nothing on the job group's connections is a serialized Java object. The tag
 * carries the one number most frames need (rank, exchange id, collective number). Whoever takes a
 * frame owns its body and must release it.
 */
record Frame(FrameType type, long tag, ByteBuf body) {
    /** Bytes before the body. */
    static final int HEADER = Integer.BYTES + 1 + Long.BYTES;

    Frame {
        requireNonNull(type, "type is null");
        requireNonNull(body, "body is null");
    }
}
