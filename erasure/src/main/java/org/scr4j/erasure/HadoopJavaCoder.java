package org.scr4j.erasure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.hadoop.io.erasurecode.ErasureCoderOptions;
import org.apache.hadoop.io.erasurecode.rawcoder.RSRawDecoder;
import org.apache.hadoop.io.erasurecode.rawcoder.RSRawEncoder;
import org.apache.hadoop.io.erasurecode.rawcoder.RawErasureDecoder;
import org.apache.hadoop.io.erasurecode.rawcoder.RawErasureEncoder;
import org.apache.hadoop.io.erasurecode.rawcoder.XORRawDecoder;
import org.apache.hadoop.io.erasurecode.rawcoder.XORRawEncoder;

/**
 * Hadoop Common's Java coders behind scr4j's interface: the baseline of the benchmarks and a
 * fallback. They use the same field and Cauchy matrix, so their parity is byte for byte scr4j's.
 * Hadoop's coders keep state per call, so calls are serialized.
 */
final class HadoopJavaCoder implements ErasureCoder {
    private final ErasureCode code;
    private final RawErasureEncoder encoder;
    private final RawErasureDecoder decoder;

    HadoopJavaCoder(ErasureCode code) {
        this.code = code;
        ErasureCoderOptions options = new ErasureCoderOptions(code.dataUnits(), code.parityUnits());
        if (code.kind() == ErasureCode.Kind.XOR) {
            encoder = new XORRawEncoder(options);
            decoder = new XORRawDecoder(options);
        } else {
            encoder = new RSRawEncoder(options);
            decoder = new RSRawDecoder(options);
        }
    }

    @Override
    public ErasureCode code() {
        return code;
    }

    @Override
    public String implementation() {
        return "hadoop-java";
    }

    @Override
    public synchronized void encode(byte[][] data, byte[][] parity) {
        Units.checkEncode(code, data, parity);
        try {
            encoder.encode(data, parity);
        } catch (IOException e) {
            throw new UncheckedIOException("Hadoop's " + code + " encoder failed", e);
        }
    }

    @Override
    public synchronized void encode(ByteBuffer[] data, ByteBuffer[] parity) {
        Units.checkEncode(code, data, parity);
        try {
            // Hadoop moves the inputs' positions; scr4j's contract leaves them alone.
            encoder.encode(duplicates(data), duplicates(parity));
        } catch (IOException e) {
            throw new UncheckedIOException("Hadoop's " + code + " encoder failed", e);
        }
    }

    @Override
    public synchronized void decode(byte[][] units, int[] erased) {
        Units.checkDecode(code, units, erased);
        byte[][] inputs = units.clone();
        byte[][] outputs = new byte[erased.length][];
        for (int i = 0; i < erased.length; i++) {
            outputs[i] = units[erased[i]];
            inputs[erased[i]] = null;
        }
        try {
            decoder.decode(inputs, erased.clone(), outputs);
        } catch (IOException e) {
            throw new UncheckedIOException("Hadoop's " + code + " decoder failed", e);
        }
    }

    @Override
    public synchronized void decode(ByteBuffer[] units, int[] erased) {
        Units.checkDecode(code, units, erased);
        ByteBuffer[] inputs = duplicates(units);
        ByteBuffer[] outputs = new ByteBuffer[erased.length];
        for (int i = 0; i < erased.length; i++) {
            outputs[i] = inputs[erased[i]];
            inputs[erased[i]] = null;
        }
        try {
            decoder.decode(inputs, erased.clone(), outputs);
        } catch (IOException e) {
            throw new UncheckedIOException("Hadoop's " + code + " decoder failed", e);
        }
    }

    private static ByteBuffer[] duplicates(ByteBuffer[] buffers) {
        ByteBuffer[] copies = new ByteBuffer[buffers.length];
        for (int i = 0; i < buffers.length; i++) {
            copies[i] = buffers[i] == null ? null : buffers[i].duplicate();
        }
        return copies;
    }
}
