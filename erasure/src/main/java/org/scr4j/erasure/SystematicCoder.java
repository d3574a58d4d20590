package org.scr4j.erasure;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A systematic code from its generator matrix: the first k rows are the identity, so data units are
 * stored as they are and the last m rows make parity. Decoding inverts the rows of k intact units
 * and multiplies by the result; the prepared product is cached per erasure pattern, as a restart
 * decodes many stripes with the same units lost.
 */
final class SystematicCoder implements ErasureCoder {
    private static final int CACHED_PATTERNS = 64;

    private final ErasureCode code;
    private final GfMatrix generator;
    private final Kernel kernel;
    private final Dot encoder;
    private final Map<String, Dot> decoders = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Dot> eldest) {
            return size() > CACHED_PATTERNS;
        }
    };

    SystematicCoder(ErasureCode code, Kernel kernel) {
        this.code = code;
        this.kernel = kernel;
        this.generator = code.kind() == ErasureCode.Kind.XOR
                ? GfMatrix.xorGenerator(code.dataUnits())
                : GfMatrix.cauchyGenerator(code.dataUnits(), code.parityUnits());
        int[] parityRows = new int[code.parityUnits()];
        for (int i = 0; i < parityRows.length; i++) {
            parityRows[i] = code.dataUnits() + i;
        }
        this.encoder = kernel.dot(generator.select(parityRows));
    }

    @Override
    public ErasureCode code() {
        return code;
    }

    @Override
    public String implementation() {
        return kernel.name();
    }

    @Override
    public void encode(byte[][] data, byte[][] parity) {
        int length = Units.checkEncode(code, data, parity);
        encoder.apply(data, new int[data.length], parity, new int[parity.length], length);
    }

    @Override
    public void encode(ByteBuffer[] data, ByteBuffer[] parity) {
        int length = Units.checkEncode(code, data, parity);
        apply(encoder, data, parity, length);
    }

    @Override
    public void decode(byte[][] units, int[] erased) {
        Units.DecodePlan plan = Units.checkDecode(code, units, erased);
        byte[][] in = new byte[plan.sources().length][];
        for (int i = 0; i < in.length; i++) {
            in[i] = units[plan.sources()[i]];
        }
        byte[][] out = new byte[plan.targets().length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = units[plan.targets()[i]];
        }
        decoder(plan).apply(in, new int[in.length], out, new int[out.length], plan.length());
    }

    @Override
    public void decode(ByteBuffer[] units, int[] erased) {
        Units.DecodePlan plan = Units.checkDecode(code, units, erased);
        ByteBuffer[] in = new ByteBuffer[plan.sources().length];
        for (int i = 0; i < in.length; i++) {
            in[i] = units[plan.sources()[i]];
        }
        ByteBuffer[] out = new ByteBuffer[plan.targets().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = units[plan.targets()[i]];
        }
        apply(decoder(plan), in, out, plan.length());
    }

    private Dot decoder(Units.DecodePlan plan) {
        String key = plan.key();
        synchronized (decoders) {
            Dot dot = decoders.get(key);
            if (dot == null) {
                GfMatrix recover = generator.select(plan.sources()).invert();
                dot = kernel.dot(generator.select(plan.targets()).times(recover));
                decoders.put(key, dot);
            }
            return dot;
        }
    }

    private static void apply(Dot dot, ByteBuffer[] in, ByteBuffer[] out, int length) {
        if (Units.allArrays(in) && Units.allArrays(out)) {
            byte[][] inArrays = new byte[in.length][];
            int[] inOffsets = new int[in.length];
            for (int i = 0; i < in.length; i++) {
                inArrays[i] = in[i].array();
                inOffsets[i] = in[i].arrayOffset() + in[i].position();
            }
            byte[][] outArrays = new byte[out.length][];
            int[] outOffsets = new int[out.length];
            for (int i = 0; i < out.length; i++) {
                outArrays[i] = out[i].array();
                outOffsets[i] = out[i].arrayOffset() + out[i].position();
            }
            dot.apply(inArrays, inOffsets, outArrays, outOffsets, length);
            return;
        }
        int[] inIndexes = new int[in.length];
        for (int i = 0; i < in.length; i++) {
            inIndexes[i] = in[i].position();
        }
        int[] outIndexes = new int[out.length];
        for (int i = 0; i < out.length; i++) {
            outIndexes[i] = out[i].position();
        }
        dot.apply(in, inIndexes, out, outIndexes, length);
    }

    @Override
    public String toString() {
        return code + " on the " + kernel.name() + " kernel";
    }
}
