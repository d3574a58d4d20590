package org.apache.hadoop.io.erasurecode.rawcoder;

import java.nio.ByteBuffer;
import org.apache.hadoop.io.erasurecode.ErasureCoderOptions;
import org.scr4j.erasure.ErasureCoder;

/** scr4j's coder as a Hadoop raw decoder; in Hadoop's package for the same reason as the encoder. */
public final class Scr4jRawDecoder extends RawErasureDecoder {
    private final ErasureCoder coder;

    public Scr4jRawDecoder(ErasureCoderOptions options, ErasureCoder coder) {
        super(options);
        this.coder = coder;
    }

    @Override
    protected void doDecode(ByteArrayDecodingState state) {
        int length = state.decodeLength;
        ByteBuffer[] units = Scr4jBuffers.wrap(state.inputs, state.inputOffsets, length);
        ByteBuffer[] outputs = Scr4jBuffers.wrap(state.outputs, state.outputOffsets, length);
        rebuild(units, state.erasedIndexes, outputs);
    }

    @Override
    protected void doDecode(ByteBufferDecodingState state) {
        int length = state.decodeLength;
        rebuild(Scr4jBuffers.window(state.inputs, length), state.erasedIndexes, Scr4jBuffers.window(state.outputs, length));
    }

    /** Hadoop passes intact units as inputs (null where lost) and the erased ones as separate outputs. */
    private void rebuild(ByteBuffer[] units, int[] erased, ByteBuffer[] outputs) {
        for (int i = 0; i < erased.length; i++) {
            units[erased[i]] = outputs[i];
        }
        coder.decode(units, erased);
    }

    @Override
    public boolean preferDirectBuffer() {
        return false;
    }

    @Override
    public String toString() {
        return "Scr4jRawDecoder(" + coder + ")";
    }
}
