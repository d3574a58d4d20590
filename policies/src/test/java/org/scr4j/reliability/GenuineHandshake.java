package org.scr4j.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.scr4j.group.Rogue;

/**
 * The client side of the job group's handshake, written from its description (Handshake's
 * javadoc), holding the job's real secret as a rank does: a record of exactly what a rank sends,
 * for a test to replay. It checks the server's proof and waits for AUTH_OK, so a recording it
 * returns is one the job accepted.
 */
final class GenuineHandshake {
    private static final byte[] SERVER = "scr4j group server".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLIENT = "scr4j group client".getBytes(StandardCharsets.US_ASCII);

    private GenuineHandshake() {
    }

    /** Proves {@code peer} with the secret for a connection of {@code purpose}; returns the bytes it sent. */
    static byte[] prove(Rogue peer, byte purpose, byte[] secret) throws IOException {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        byte[] clientNonce = Rogue.random(32);
        byte[] hello = new Rogue.Frame(Rogue.AUTH_HELLO, 0, ByteBuffer.allocate(38).putInt(Rogue.MAGIC).put((byte) 1).put(purpose)
                .put(clientNonce).array()).bytes();
        peer.raw(hello);
        sent.write(hello);
        Rogue.Frame challenge = peer.readFrame();
        if (challenge.type() != Rogue.AUTH_CHALLENGE || challenge.body().length != 64) {
            throw new IOException("expected a challenge of 64 bytes, got type " + challenge.type() + ": " + text(challenge));
        }
        byte[] serverNonce = Arrays.copyOf(challenge.body(), 32);
        byte[] serverProof = Arrays.copyOfRange(challenge.body(), 32, 64);
        if (!MessageDigest.isEqual(serverProof, mac(secret, SERVER, purpose, clientNonce, serverNonce))) {
            throw new IOException("the job's proof does not match its secret: this test computes the handshake wrongly");
        }
        byte[] proof = new Rogue.Frame(Rogue.AUTH_PROOF, 0, mac(secret, CLIENT, purpose, clientNonce, serverNonce)).bytes();
        peer.raw(proof);
        sent.write(proof);
        Rogue.Frame ok = peer.readFrame();
        if (ok.type() != Rogue.AUTH_OK) {
            throw new IOException("the job did not accept the genuine handshake: type " + ok.type() + ": " + text(ok));
        }
        return sent.toByteArray();
    }

    /** The server's nonce in a recorded AUTH_CHALLENGE. */
    static byte[] nonceOf(Rogue.Frame challenge) {
        return Arrays.copyOf(challenge.body(), 32);
    }

    private static byte[] mac(byte[] secret, byte[] label, byte purpose, byte[] clientNonce, byte[] serverNonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(label);
            mac.update(purpose);
            mac.update(clientNonce);
            mac.update(serverNonce);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(Rogue.Frame frame) {
        return new String(frame.body(), StandardCharsets.UTF_8);
    }
}
