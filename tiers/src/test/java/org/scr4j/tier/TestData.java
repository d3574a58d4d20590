package org.scr4j.tier;

import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Reproducible file contents and their SHA-256, so a test compares what it wrote with what it reads bit for bit. */
public final class TestData {
    private static final int CHUNK = 1 << 20;

    private TestData() {
    }

    /** {@code size} pseudo-random bytes; the same seed always gives the same bytes. */
    public static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < size; i++) {
            data[i] = (byte) random.nextInt(256);
        }
        return data;
    }

    public static String sha256(byte[] data) {
        return HexFormat.of().formatHex(digest().digest(data));
    }

    /** Reads the stream to its end (and closes it), returning the SHA-256 of everything read. */
    public static String sha256(InputStream in) throws IOException {
        MessageDigest digest = digest();
        try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
            byte[] buffer = new byte[CHUNK];
            while (digesting.read(buffer) >= 0) {
                // the digest sees every byte read
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Writes a file through {@link StorageTier#create} and commits it. */
    public static void write(StorageTier tier, String dataset, String file, byte[] data) throws IOException {
        try (TierWriter out = tier.create(dataset, file)) {
            out.write(data);
            out.commit();
        }
    }

    /**
     * Streams {@code size} pseudo-random bytes into a committed file, in odd-sized pieces so that no
     * write lines up with a buffer or mapping boundary; returns their SHA-256.
     */
    public static String writeRandom(StorageTier tier, String dataset, String file, long size, long seed) throws IOException {
        MessageDigest digest = digest();
        SplittableRandom random = new SplittableRandom(seed);
        byte[] piece = new byte[CHUNK - 7];
        try (TierWriter tierOut = tier.create(dataset, file); DigestOutputStream out = new DigestOutputStream(tierOut, digest)) {
            for (long left = size; left > 0; ) {
                int n = (int) Math.min(left, piece.length);
                for (int i = 0; i < n; i += 8) {
                    long word = random.nextLong();
                    for (int j = i; j < Math.min(n, i + 8); j++, word >>>= 8) {
                        piece[j] = (byte) word;
                    }
                }
                out.write(piece, 0, n);
                left -= n;
            }
            tierOut.commit();
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String readSha256(StorageTier tier, String dataset, String file) throws IOException {
        return sha256(tier.open(dataset, file));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JVM has SHA-256", e);
        }
    }
}
