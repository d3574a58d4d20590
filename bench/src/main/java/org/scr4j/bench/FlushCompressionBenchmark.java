package org.scr4j.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.scr4j.compress.Compression;
import org.scr4j.compress.DecodingStream;
import org.scr4j.compress.Encoder;
import org.scr4j.compress.EncodingStream;

/**
 * The compressed flush's codec on one 32 MiB file fed in 1 MiB writes, as a flush copies it: a
 * smooth field of doubles with and without the 8-byte shuffle, and random bytes (stored raw after
 * the first block). One operation is the whole file, so GB/s is 0.0336 times the score.
 * {@code compress=none} is the ceiling: a plain copy of the same writes into a 32 MiB array.
 * Setup prints each configuration's ratio (original over stored bytes) and checks its round trip.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FlushCompressionBenchmark {
    static final int FILE = 32 << 20;
    private static final int WRITE = 1 << 20;

    @Param({"none", "zstd:-1", "zstd:1", "zstd:3"})
    public String compress;

    @Param({"0", "8"})
    public int shuffle;

    @Param({"field", "random"})
    public String data;

    private byte[] file;
    private byte[] stored;
    private byte[] read = new byte[WRITE];
    private Encoder encoder;
    private final Sink sink = new Sink();

    /** Counts what the encoder writes; for {@code none}, copies it, as writing to a page cache would. */
    private static final class Sink extends OutputStream {
        long bytes;
        byte[] copy;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (copy != null) {
                System.arraycopy(b, off, copy, (int) bytes, len);
            }
            bytes += len;
        }
    }

    /** A smooth 2-D field: sums of sines and cosines over a 2048-wide grid, as little-endian doubles. */
    static byte[] field(int bytes) {
        ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < bytes / 8; i++) {
            double x = (i % 2048) / 2048.0;
            double y = (i / 2048) / 2048.0;
            b.putDouble(Math.sin(6.1 * x) * Math.cos(4.3 * y) + 0.5 * Math.sin(17.0 * x * y) + 300.0 * x + 1.0);
        }
        return b.array();
    }

    @Setup
    public void setUp() throws IOException {
        if (data.equals("field")) {
            file = field(FILE);
        } else {
            file = new byte[FILE];
            new SplittableRandom(1).nextBytes(file);
        }
        Compression c = Compression.parse(compress, compress.equals("none") ? 0 : shuffle);
        if (!c.enabled()) {
            sink.copy = new byte[FILE];
            stored = file;
            return;
        }
        encoder = new Encoder(c);
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        EncodingStream out = encoder.open(target);
        out.write(file);
        out.finish();
        stored = target.toByteArray();
        try (InputStream in = new DecodingStream(new ByteArrayInputStream(stored))) {
            if (!Arrays.equals(file, in.readAllBytes())) {
                throw new IllegalStateException(c + " did not round-trip");
            }
        }
        System.out.printf("%n%s on %s: ratio %.3f (%d -> %d bytes), %d of %d blocks compressed, %d tried%n", c, data,
                (double) FILE / stored.length, FILE, stored.length, out.compressed(), out.blocks(), out.attempts());
    }

    @TearDown
    public void tearDown() {
        if (encoder != null) {
            encoder.close();
        }
    }

    @Benchmark
    public long encode() throws IOException {
        sink.bytes = 0;
        OutputStream out = encoder == null ? sink : encoder.open(sink);
        for (int at = 0; at < FILE; at += WRITE) {
            out.write(file, at, WRITE);
        }
        return encoder == null ? sink.bytes : ((EncodingStream) out).finish();
    }

    /** What a fetch does: the original bytes back, in 1 MiB reads. */
    @Benchmark
    public long decode() throws IOException {
        long n = 0;
        try (InputStream in = encoder == null ? new ByteArrayInputStream(stored) : new DecodingStream(new ByteArrayInputStream(stored))) {
            for (int r; (r = in.read(read)) > 0; ) {
                n += r;
            }
        }
        return n;
    }
}
