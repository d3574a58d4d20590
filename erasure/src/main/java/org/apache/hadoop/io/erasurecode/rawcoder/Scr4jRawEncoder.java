package org.apache.hadoop.io.erasurecode.rawcoder;

import java.nio.ByteBuffer;
import org.apache.hadoop.io.erasurecode.ErasureCoderOptions;
import org.scr4j.erasure.ErasureCoder;

/**
 * scr4j's coder as a Hadoop raw encoder. It lives in Hadoop's package because the encoding states
 * that {@link RawErasureEncoder} hands its subclasses are package-private there.
 */
public final class Scr4jRawEncoder extends RawErasureEncoder {
    private final ErasureCoder coder;

    public Scr4jRawEncoder(ErasureCoderOptions options, ErasureCoder coder) {
        super(options);
        this.coder = coder;
    }

    @Override
    protected void doEncode(ByteArrayEncodingState state) {
        int length = state.encodeLength;
        coder.encode(Scr4jBuffers.wrap(state.inputs, state.inputOffsets, length),
                Scr4jBuffers.wrap(state.outputs, state.outputOffsets, length));
    }

    @Override
    protected void doEncode(ByteBufferEncodingState state) {
        int length = state.encodeLength;
        coder.encode(Scr4jBuffers.window(state.inputs, length), Scr4jBuffers.window(state.outputs, length));
    }

    /** The array loops are faster than the buffer loops, so Hadoop may hand heap buffers. */
    @Override
    public boolean preferDirectBuffer() {
        return false;
    }

    @Override
    public String toString() {
        return "Scr4jRawEncoder(" + coder + ")";
    }
}
