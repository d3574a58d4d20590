package org.scr4j.bench;

import java.nio.ByteBuffer;
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
import org.openjdk.jmh.annotations.Warmup;

/** The ceiling: a plain copy of the same k cells a coder reads (System.arraycopy, or a bulk buffer put). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CopyBenchmark {
    @Param({"8"})
    public int units;

    @Param({"65536", "1048576"})
    public int cell;

    @Param({"array", "direct"})
    public String buffers;

    private byte[][] from;
    private byte[][] to;
    private ByteBuffer[] fromDirect;
    private ByteBuffer[] toDirect;

    @Setup
    public void setUp() {
        from = new byte[units][cell];
        to = new byte[units][cell];
        fromDirect = new ByteBuffer[units];
        toDirect = new ByteBuffer[units];
        for (int u = 0; u < units; u++) {
            new java.util.Random(u).nextBytes(from[u]);
            fromDirect[u] = ByteBuffer.allocateDirect(cell);
            fromDirect[u].put(from[u]).clear();
            toDirect[u] = ByteBuffer.allocateDirect(cell);
        }
    }

    @Benchmark
    public void copy() {
        if (buffers.equals("array")) {
            for (int u = 0; u < units; u++) {
                System.arraycopy(from[u], 0, to[u], 0, cell);
            }
        } else {
            for (int u = 0; u < units; u++) {
                toDirect[u].put(0, fromDirect[u], 0, cell);
            }
        }
    }
}
