package org.scr4j.group;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * One point-to-point exchange among the ranks of a {@link Group}: ranks send each other messages,
 * which arrive from one rank to another in the order they were sent. Every rank opens the same
 * exchanges in the same order ({@link Group#exchange()} is collective in that sense), though only
 * the ranks that talk need to send or receive in it.
 *
 * <p>A rank whose part fails calls {@link #abandon}: every rank's waiting or later send and receive
 * in this exchange then throws a {@link GroupException} naming that rank and its reason, so no rank
 * waits for data that will never come. A dead peer does the same, within {@code scr.group.timeout}.
 */
public interface Exchange extends AutoCloseable {
    /** The largest message: larger data goes as several messages. */
    int MAX_MESSAGE = 4 << 20;

    /** Which exchange of the group this is (1, 2, ...), the same number on every rank. */
    long id();

    /**
     * Sends the remaining bytes of {@code data} (at most {@link #MAX_MESSAGE}) to rank {@code to}
     * as one message. Returns once the bytes are copied or handed to the transport, so the caller
     * may reuse the buffer; blocks while {@code to} holds too many unread messages from this rank.
     */
    void send(int to, ByteBuffer data);

    /**
     * Sends {@code count} bytes of a file, from {@code position}, to rank {@code to} as messages
     * of at most {@link #MAX_MESSAGE} bytes each (the receiver sees ordinary messages). A transport
     * may send straight from the file (sendfile) without copying it through the heap.
     */
    default void sendFile(int to, FileChannel file, long position, long count) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.min(MAX_MESSAGE, Math.max(1, count)));
        for (long done = 0; done < count; ) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
            while (buffer.hasRemaining()) {
                if (file.read(buffer, position + done + buffer.position()) < 0) {
                    throw new java.io.EOFException("the file ends before byte " + (position + count) + " (at "
                            + (position + done + buffer.position()) + ")");
                }
            }
            buffer.flip();
            done += buffer.remaining();
            send(to, buffer);
        }
    }

    /** The next message from rank {@code from}; blocks until it arrives. Close it to reuse its memory. */
    Message receive(int from);

    /** Tells every rank this exchange failed here; their sends and receives in it throw. */
    void abandon(String reason);

    /** Ends this rank's part; unread messages of this exchange are dropped. */
    @Override
    void close();

    /** A received message; {@link #data()} is valid until {@link #close()}. */
    interface Message extends AutoCloseable {
        ByteBuffer data();

        @Override
        void close();
    }
}
