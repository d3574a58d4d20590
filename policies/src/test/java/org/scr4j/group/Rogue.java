package org.scr4j.group;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * A process that is not part of the job but talks to its ports, written from the wire format with
 * a plain socket (not the transport under test): {@code [int body length][byte type][long tag][body]}.
 * Public for the security suite ({@code org.scr4j.reliability.SecurityTest}).
 */
public final class Rogue implements AutoCloseable {
    public static final byte AUTH_HELLO = 1;
    public static final byte AUTH_CHALLENGE = 2;
    public static final byte AUTH_PROOF = 3;
    public static final byte AUTH_OK = 4;
    public static final byte REFUSED = 5;
    public static final byte JOIN = 10;
    public static final byte GATHER = 12;
    public static final byte DATA_HELLO = 30;
    public static final byte DATA = 31;
    public static final byte CONTROL_PURPOSE = 1;
    public static final byte DATA_PURPOSE = 2;
    /** What a connection that refused us ended with: the type of the first frame, or none. */
    public static final int NO_FRAME = -1;
    /** The first four bytes of the handshake's opening frame. */
    public static final int MAGIC = 0x5343524A;

    /** One frame as it crossed the wire. */
    public record Frame(byte type, long tag, byte[] body) {
        /** The frame's bytes on the wire. */
        public byte[] bytes() {
            return ByteBuffer.allocate(13 + body.length).putInt(body.length).put(type).putLong(tag).put(body).array();
        }
    }

    private final Socket socket;
    private final DataOutputStream out;
    private final DataInputStream in;

    public Rogue(InetSocketAddress address) throws IOException {
        this(new Socket(address.getAddress(), address.getPort()));
    }

    /** Talks on a connection made otherwise, such as one a rank opened to a port the test listens on. */
    public Rogue(Socket socket) throws IOException {
        this.socket = socket;
        // The job must answer a rogue at once; this only bounds a test that would otherwise hang.
        socket.setSoTimeout(15_000);
        out = new DataOutputStream(socket.getOutputStream());
        in = new DataInputStream(socket.getInputStream());
    }

    /** The port this end of the connection has, as the job's log names it. */
    public int localPort() {
        return socket.getLocalPort();
    }

    public void raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void frame(byte type, long tag, byte[] body) throws IOException {
        out.writeInt(body.length);
        out.writeByte(type);
        out.writeLong(tag);
        out.write(body);
        out.flush();
    }

    /** Opens the handshake properly, then proves with a secret that is not the job's. */
    public void handshakeWithWrongSecret(byte purpose) throws IOException {
        byte[] nonce = random(32);
        frame(AUTH_HELLO, 0, ByteBuffer.allocate(38).putInt(0x5343524A).put((byte) 1).put(purpose).put(nonce).array());
        int length = in.readInt();
        byte type = in.readByte();
        in.readLong();
        if (type != AUTH_CHALLENGE || length != 64) {
            throw new IOException("expected a challenge of 64 bytes, got type " + type + " of " + length);
        }
        in.readFully(new byte[length]);
        frame(AUTH_PROOF, 0, random(32));
    }

    /** Sends data frames as if it were rank {@code claimed}; the job has closed the connection, so they go nowhere. */
    public void trySendingData(int claimed) {
        try {
            frame(DATA_HELLO, claimed, new byte[0]);
            for (int i = 0; i < 16; i++) {
                frame(DATA, 1, random(64 << 10));
            }
        } catch (IOException e) {
            // Expected: the job closed the connection, so the writes fail with a reset or broken pipe.
            System.out.println("rogue: sending data failed as it should: " + e);
        }
    }

    /**
     * Reads what the job sends until it closes the connection: returns the type of the first
     * frame (REFUSED, if it explains), or NO_FRAME. Throws if the connection stays open.
     */
    public int readUntilClosed() throws IOException {
        int first = NO_FRAME;
        try {
            InputStream stream = socket.getInputStream();
            byte[] header = new byte[13];
            int got = stream.readNBytes(header, 0, header.length);
            if (got == header.length) {
                first = header[4];
            }
            while (stream.read() >= 0) {
                // Drain the reason text; the connection's end is what counts.
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("the job kept a rogue's connection open for 15 s", e);
        } catch (SocketException | EOFException e) {
            // A reset is a close too: the job dropped the connection before reading all the rogue sent.
            System.out.println("rogue: connection ended by " + e);
        }
        return first;
    }

    /** The next frame the job sends; throws EOFException if the connection ends first. */
    public Frame readFrame() throws IOException {
        int length = in.readInt();
        byte type = in.readByte();
        long tag = in.readLong();
        if (length < 0 || length > 1 << 20) {
            throw new IOException("a frame of type " + type + " claims " + length + " bytes");
        }
        byte[] body = new byte[length];
        in.readFully(body);
        return new Frame(type, tag, body);
    }

    /** The whole frames at the start of a recorded byte stream; an incomplete last one is left out. */
    public static java.util.List<Frame> frames(byte[] stream) {
        java.util.List<Frame> frames = new java.util.ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(stream);
        while (b.remaining() >= 13) {
            int length = b.getInt(b.position());
            if (length < 0 || b.remaining() < 13 + length) {
                break;
            }
            b.getInt();
            byte type = b.get();
            long tag = b.getLong();
            byte[] body = new byte[length];
            b.get(body);
            frames.add(new Frame(type, tag, body));
        }
        return frames;
    }

    public static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
