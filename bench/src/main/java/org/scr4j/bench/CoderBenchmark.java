package org.scr4j.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.io.erasurecode.ErasureCoderOptions;
import org.apache.hadoop.io.erasurecode.rawcoder.RSRawDecoder;
import org.apache.hadoop.io.erasurecode.rawcoder.RSRawEncoder;
import org.apache.hadoop.io.erasurecode.rawcoder.RawErasureDecoder;
import org.apache.hadoop.io.erasurecode.rawcoder.RawErasureEncoder;
import org.apache.hadoop.io.erasurecode.rawcoder.XORRawDecoder;
import org.apache.hadoop.io.erasurecode.rawcoder.XORRawEncoder;
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
import org.scr4j.erasure.CoderChoice;
import org.scr4j.erasure.Coders;
import org.scr4j.erasure.ErasureCode;
import org.scr4j.erasure.ErasureCoder;

/**
 * One operation is one stripe: encode k cells into m parity cells, or rebuild {@code erasures} lost
 * data cells from k intact ones. The baseline, "hadoop", calls Hadoop Common's RSRawEncoder,
 * RSRawDecoder, XORRawEncoder and XORRawDecoder directly, as HDFS does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CoderBenchmark {
    @Param({"RS-8-2", "RS-6-3", "XOR-8-1"})
    public String code;

    /** vector and scalar are scr4j's kernels; hadoop is Hadoop's Java coder. */
    @Param({"vector", "scalar", "hadoop"})
    public String coder;

    @Param({"65536", "1048576"})
    public int cell;

    @Param({"array", "direct"})
    public String buffers;

    /** 0 encodes; 1 or 2 rebuilds that many data units. */
    @Param({"0", "1", "2"})
    public int erasures;

    private ErasureCoder scr4j;
    private RawErasureEncoder hadoopEncoder;
    private RawErasureDecoder hadoopDecoder;
    private byte[][] arrays;
    private ByteBuffer[] direct;
    private int[] erased;
    private byte[][] hadoopArrayInputs;
    private byte[][] hadoopArrayOutputs;
    private ByteBuffer[] hadoopDirectInputs;
    private ByteBuffer[] hadoopDirectOutputs;

    @Setup
    public void setUp() throws IOException {
        ErasureCode c = Codes.parse(code);
        if (erasures > c.parityUnits()) {
            throw new IllegalArgumentException(code + " cannot rebuild " + erasures + " units; run it with -p erasures=0,1");
        }
        int k = c.dataUnits();
        int n = c.totalUnits();
        Random random = new Random(42);
        arrays = new byte[n][cell];
        for (int u = 0; u < k; u++) {
            random.nextBytes(arrays[u]);
        }
        byte[][] data = Arrays.copyOfRange(arrays, 0, k);
        byte[][] parity = Arrays.copyOfRange(arrays, k, n);
        Coders.create(c).encode(data, parity);
        direct = new ByteBuffer[n];
        for (int u = 0; u < n; u++) {
            direct[u] = ByteBuffer.allocateDirect(cell);
            direct[u].put(arrays[u]).clear();
        }
        erased = new int[erasures];
        for (int e = 0; e < erasures; e++) {
            erased[e] = e;
        }
        switch (coder) {
            case "vector" -> scr4j = Coders.create(c, CoderChoice.VECTOR);
            case "scalar" -> scr4j = Coders.create(c, CoderChoice.SCALAR);
            case "hadoop" -> setUpHadoop(c);
            default -> throw new IllegalArgumentException("coder " + coder + " is not one of vector, scalar, hadoop");
        }
    }

    private void setUpHadoop(ErasureCode c) {
        ErasureCoderOptions options = new ErasureCoderOptions(c.dataUnits(), c.parityUnits());
        boolean xor = c.kind() == ErasureCode.Kind.XOR;
        hadoopEncoder = xor ? new XORRawEncoder(options) : new RSRawEncoder(options);
        hadoopDecoder = xor ? new XORRawDecoder(options) : new RSRawDecoder(options);
        int k = c.dataUnits();
        if (erasures == 0) {
            hadoopArrayInputs = Arrays.copyOfRange(arrays, 0, k);
            hadoopArrayOutputs = Arrays.copyOfRange(arrays, k, c.totalUnits());
            hadoopDirectInputs = Arrays.copyOfRange(direct, 0, k);
            hadoopDirectOutputs = Arrays.copyOfRange(direct, k, c.totalUnits());
        } else {
            hadoopArrayInputs = arrays.clone();
            hadoopDirectInputs = direct.clone();
            hadoopArrayOutputs = new byte[erasures][];
            hadoopDirectOutputs = new ByteBuffer[erasures];
            for (int e = 0; e < erasures; e++) {
                hadoopArrayOutputs[e] = arrays[e];
                hadoopDirectOutputs[e] = direct[e];
                hadoopArrayInputs[e] = null;
                hadoopDirectInputs[e] = null;
            }
        }
    }

    /** The stripe's units as the last operation left them, as arrays, for the smoke test. */
    byte[][] unitsAfterRun() {
        if (buffers.equals("array")) {
            return arrays;
        }
        byte[][] copies = new byte[direct.length][cell];
        for (int u = 0; u < direct.length; u++) {
            direct[u].duplicate().clear().get(copies[u]);
        }
        return copies;
    }

    /** Zeros the units an operation writes, so a smoke test sees whether it wrote them. */
    void clearOutputs() {
        int k = Codes.parse(code).dataUnits();
        int n = Codes.parse(code).totalUnits();
        int from = erasures == 0 ? k : 0;
        int to = erasures == 0 ? n : erasures;
        for (int u = from; u < to; u++) {
            Arrays.fill(arrays[u], (byte) 0);
            direct[u].clear();
            direct[u].put(new byte[cell]).clear();
        }
    }

    @Benchmark
    public void stripe() throws IOException {
        boolean onArrays = buffers.equals("array");
        if (scr4j != null) {
            runScr4j(onArrays);
        } else {
            runHadoop(onArrays);
        }
    }

    private void runScr4j(boolean onArrays) {
        int k = scr4j.code().dataUnits();
        int n = scr4j.code().totalUnits();
        if (erasures == 0 && onArrays) {
            scr4j.encode(Arrays.copyOfRange(arrays, 0, k), Arrays.copyOfRange(arrays, k, n));
        } else if (erasures == 0) {
            scr4j.encode(Arrays.copyOfRange(direct, 0, k), Arrays.copyOfRange(direct, k, n));
        } else if (onArrays) {
            scr4j.decode(arrays, erased);
        } else {
            scr4j.decode(direct, erased);
        }
    }

    private void runHadoop(boolean onArrays) throws IOException {
        if (onArrays) {
            if (erasures == 0) {
                hadoopEncoder.encode(hadoopArrayInputs, hadoopArrayOutputs);
            } else {
                hadoopDecoder.decode(hadoopArrayInputs, erased, hadoopArrayOutputs);
            }
            return;
        }
        // Hadoop moves the inputs' positions to their limits; rewind them for the next stripe.
        for (ByteBuffer b : hadoopDirectInputs) {
            if (b != null) {
                b.clear();
            }
        }
        for (ByteBuffer b : hadoopDirectOutputs) {
            b.clear();
        }
        if (erasures == 0) {
            hadoopEncoder.encode(hadoopDirectInputs, hadoopDirectOutputs);
        } else {
            hadoopDecoder.decode(hadoopDirectInputs, erased, hadoopDirectOutputs);
        }
    }
}
