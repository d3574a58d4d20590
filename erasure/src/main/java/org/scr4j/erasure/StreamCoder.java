package org.scr4j.erasure;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Encodes and decodes units far larger than memory, one cell at a time: a reader thread fills
 * stripes of cells, the calling thread codes them, a writer thread drains them, so reading, coding
 * and writing overlap. Memory is bounded by {@code depth} stripes of k + m cells, whatever the length.
 */
public final class StreamCoder {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ErasureCoder coder;
    private final int cellSize;
    private final int depth;

    /**
     * @param cellSize bytes of each unit coded at once (1 MiB is a good start)
     * @param depth stripes in flight; 3 lets each stage work on its own
     */
    public StreamCoder(ErasureCoder coder, int cellSize, int depth) {
        if (coder == null) {
            throw new IllegalArgumentException("coder is null");
        }
        if (cellSize < 1 || depth < 1) {
            throw new IllegalArgumentException("cell size and depth must be at least 1, got " + cellSize + " and " + depth);
        }
        this.coder = coder;
        this.cellSize = cellSize;
        this.depth = depth;
    }

    /** Bytes of buffer this coder holds while it runs. */
    public long memoryBytes() {
        return (long) depth * coder.code().totalUnits() * cellSize;
    }

    /** Reads {@code length} bytes from each of the k data channels and writes m parity units of that length. */
    public void encode(List<? extends ReadableByteChannel> data, List<? extends WritableByteChannel> parity, long length)
            throws IOException {
        ErasureCode code = coder.code();
        if (data.size() != code.dataUnits() || parity.size() != code.parityUnits()) {
            throw new IllegalArgumentException(code + " encodes " + code.dataUnits() + " data channels into " + code.parityUnits()
                    + " parity channels, got " + data.size() + " and " + parity.size());
        }
        int[] sources = new int[code.dataUnits()];
        int[] targets = new int[code.parityUnits()];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = i;
        }
        for (int i = 0; i < targets.length; i++) {
            targets[i] = code.dataUnits() + i;
        }
        run(sources, new ArrayList<>(data), targets, new ArrayList<>(parity), length, null);
    }

    /**
     * Rebuilds units: {@code units} has k + m channels, null where a unit is lost; {@code rebuilt}
     * maps each unit to recreate to the channel that receives it. Only k intact units are read.
     */
    public void decode(List<? extends ReadableByteChannel> units, Map<Integer, ? extends WritableByteChannel> rebuilt, long length)
            throws IOException {
        ErasureCode code = coder.code();
        if (units.size() != code.totalUnits()) {
            throw new IllegalArgumentException(code + " decodes " + code.totalUnits() + " unit channels, got " + units.size());
        }
        Map<Integer, WritableByteChannel> sorted = new TreeMap<>(rebuilt);
        int[] erased = sorted.keySet().stream().mapToInt(Integer::intValue).toArray();
        ByteBuffer[] probe = new ByteBuffer[code.totalUnits()];
        for (int u = 0; u < probe.length; u++) {
            boolean wanted = sorted.containsKey(u);
            if (wanted && sorted.get(u) == null) {
                throw new IllegalArgumentException("the channel to rebuild unit " + u + " into is null");
            }
            probe[u] = units.get(u) != null || wanted ? ByteBuffer.allocate(0) : null;
        }
        // The same checks and choice of sources as a decode of one stripe, before any thread starts.
        Units.DecodePlan plan = Units.checkDecode(code, probe, erased);
        List<ReadableByteChannel> in = new ArrayList<>();
        for (int s : plan.sources()) {
            in.add(units.get(s));
        }
        run(plan.sources(), in, erased, new ArrayList<>(sorted.values()), length, erased);
    }

    private void run(int[] sources, List<ReadableByteChannel> in, int[] targets, List<WritableByteChannel> out, long length,
            int[] erased) throws IOException {
        if (length < 0) {
            throw new IllegalArgumentException("length is negative: " + length);
        }
        long stripes = (length + cellSize - 1) / cellSize;
        BlockingQueue<Stripe> free = new ArrayBlockingQueue<>(depth);
        BlockingQueue<Stripe> filled = new ArrayBlockingQueue<>(depth);
        BlockingQueue<Stripe> coded = new ArrayBlockingQueue<>(depth);
        int n = coder.code().totalUnits();
        for (int i = 0; i < Math.min(depth, Math.max(stripes, 1)); i++) {
            free.add(new Stripe(n, sources, targets, cellSize));
        }
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "scr4j-stream-coder-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            Future<?> reader = threads.submit(() -> {
                for (long s = 0; s < stripes; s++) {
                    Stripe stripe = free.take();
                    int bytes = (int) Math.min(cellSize, length - s * cellSize);
                    for (int i = 0; i < sources.length; i++) {
                        readFully(in.get(i), stripe.units[sources[i]], bytes, sources[i], s * cellSize, length);
                    }
                    stripe.length = bytes;
                    filled.put(stripe);
                }
                return null;
            });
            Future<?> writer = threads.submit(() -> {
                for (long s = 0; s < stripes; s++) {
                    Stripe stripe = coded.take();
                    for (int i = 0; i < targets.length; i++) {
                        writeFully(out.get(i), stripe.units[targets[i]], stripe.length);
                    }
                    free.put(stripe);
                }
                return null;
            });
            for (long s = 0; s < stripes; s++) {
                Stripe stripe = take(filled, reader, writer);
                stripe.code(coder, erased);
                coded.put(stripe);
            }
            await(reader);
            await(writer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while coding " + coder.code());
        } finally {
            threads.shutdownNow();
        }
    }

    /** The next filled stripe; if the reader or writer has failed meanwhile, its error instead of waiting forever. */
    private static Stripe take(BlockingQueue<Stripe> filled, Future<?> reader, Future<?> writer)
            throws IOException, InterruptedException {
        while (true) {
            Stripe stripe = filled.poll(100, TimeUnit.MILLISECONDS);
            if (stripe != null) {
                return stripe;
            }
            if (reader.isDone()) {
                await(reader);
            }
            if (writer.isDone()) {
                await(writer);
            }
        }
    }

    private static void await(Future<?> stage) throws IOException, InterruptedException {
        try {
            stage.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(cause);
        }
    }

    private static void readFully(ReadableByteChannel channel, ByteBuffer cell, int bytes, int unit, long offset, long length)
            throws IOException {
        cell.clear().limit(bytes);
        while (cell.hasRemaining()) {
            if (channel.read(cell) < 0) {
                throw new EOFException("unit " + unit + " ended after " + (offset + cell.position()) + " of its " + length
                        + " bytes: every unit must supply the full length (pad short ones with zeros)");
            }
        }
        cell.flip();
    }

    private static void writeFully(WritableByteChannel channel, ByteBuffer cell, int bytes) throws IOException {
        ByteBuffer view = cell.duplicate();
        view.clear().limit(bytes);
        while (view.hasRemaining()) {
            channel.write(view);
        }
    }

    /** The cells of one stripe: buffers for the units read and the units written, null for the others. */
    private static final class Stripe {
        final ByteBuffer[] units;
        final int[] sources;
        final int[] targets;
        int length;

        Stripe(int n, int[] sources, int[] targets, int cellSize) {
            this.units = new ByteBuffer[n];
            this.sources = sources;
            this.targets = targets;
            for (int u : sources) {
                units[u] = ByteBuffer.allocateDirect(cellSize);
            }
            for (int u : targets) {
                units[u] = ByteBuffer.allocateDirect(cellSize);
            }
        }

        void code(ErasureCoder coder, int[] erased) {
            for (int u : targets) {
                units[u].clear().limit(length);
            }
            if (erased == null) {
                ByteBuffer[] data = new ByteBuffer[sources.length];
                ByteBuffer[] parity = new ByteBuffer[targets.length];
                for (int i = 0; i < data.length; i++) {
                    data[i] = units[sources[i]];
                }
                for (int i = 0; i < parity.length; i++) {
                    parity[i] = units[targets[i]];
                }
                coder.encode(data, parity);
            } else {
                coder.decode(units, erased);
            }
        }
    }
}
