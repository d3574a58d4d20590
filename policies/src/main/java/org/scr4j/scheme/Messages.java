package org.scr4j.scheme;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.scr4j.group.Exchange;

/** Small framing over an {@link Exchange}: byte arrays of any length, and runs of bytes that arrive as several messages. */
final class Messages {
    private Messages() {
    }

    /** Sends a length, then the bytes in messages of at most {@link Exchange#MAX_MESSAGE}. */
    static void sendBytes(Exchange exchange, int to, byte[] bytes) {
        exchange.send(to, ByteBuffer.allocate(Long.BYTES).putLong(0, bytes.length));
        for (int at = 0; at < bytes.length; at += Exchange.MAX_MESSAGE) {
            exchange.send(to, ByteBuffer.wrap(bytes, at, Math.min(Exchange.MAX_MESSAGE, bytes.length - at)));
        }
    }

    static byte[] receiveBytes(Exchange exchange, int from) throws IOException {
        long length;
        try (Exchange.Message m = exchange.receive(from)) {
            if (m.data().remaining() != Long.BYTES) {
                throw new IOException("rank " + from + " sent a message of " + m.data().remaining()
                        + " bytes where a length was due: the ranks run different scr4j versions or disagree on the protocol");
            }
            length = m.data().getLong(m.data().position());
        }
        byte[] bytes = new byte[Math.toIntExact(length)];
        ByteBuffer into = ByteBuffer.wrap(bytes);
        receiveInto(exchange, from, into, bytes.length);
        return bytes;
    }

    /** Receives messages from {@code from} until {@code count} bytes were put into {@code into}. */
    static void receiveInto(Exchange exchange, int from, ByteBuffer into, long count) throws IOException {
        for (long got = 0; got < count; ) {
            try (Exchange.Message m = exchange.receive(from)) {
                int n = m.data().remaining();
                if (n > count - got) {
                    throw overrun(from, count, got + n);
                }
                into.put(m.data().duplicate());
                got += n;
            }
        }
    }

    static IOException overrun(int from, long expected, long got) {
        return new IOException("rank " + from + " sent " + got + " bytes where " + expected + " were due: the ranks disagree"
                + " on the redundancy set's geometry (different scr4j versions or configurations)");
    }
}
