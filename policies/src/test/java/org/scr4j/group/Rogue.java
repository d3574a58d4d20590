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
 */
final class Rogue implements AutoCloseable {
    static final byte AUTH_HELLO = 1;
    static final byte AUTH_CHALLENGE = 2;
    static final byte AUTH_PROOF = 3;
    static final byte REFUSED = 5;
    static final byte JOIN = 10;
    static final byte GATHER = 12;
    static final byte DATA_HELLO = 30;
    static final byte DATA = 31;
    static final byte CONTROL_PURPOSE = 1;
    static final byte DATA_PURPOSE = 2;
    /** What a connection that refused us ended with: the type of the first frame, or none. */
    static final int NO_FRAME = -1;

    private final Socket socket;
    private final DataOutputStream out;
    private final DataInputStream in;

    Rogue(InetSocketAddress address) throws IOException {
        socket = new Socket(address.getAddress(), address.getPort());
        // The job must answer a rogue at once; this only bounds a test that would otherwise hang.
        socket.setSoTimeout(15_000);
        out = new DataOutputStream(socket.getOutputStream());
        in = new DataInputStream(socket.getInputStream());
    }

    void raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void frame(byte type, long tag, byte[] body) throws IOException {
        out.writeInt(body.length);
        out.writeByte(type);
        out.writeLong(tag);
        out.write(body);
        out.flush();
    }

    /** Opens the handshake properly, then proves with a secret that is not the job's. */
    void handshakeWithWrongSecret(byte purpose) throws IOException {
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
    void trySendingData(int claimed) {
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
    int readUntilClosed() throws IOException {
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

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
