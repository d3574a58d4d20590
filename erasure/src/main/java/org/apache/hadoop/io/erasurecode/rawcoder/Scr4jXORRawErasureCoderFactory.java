package org.apache.hadoop.io.erasurecode.rawcoder;

import org.apache.hadoop.io.erasurecode.ErasureCodeConstants;
import org.apache.hadoop.io.erasurecode.ErasureCoderOptions;
import org.scr4j.erasure.Coders;
import org.scr4j.erasure.ErasureCode;

/** scr4j's XOR coder for Hadoop's codec framework, by the name "xor_scr4j" in io.erasurecode.codec.xor.rawcoders. */
public final class Scr4jXORRawErasureCoderFactory implements RawErasureCoderFactory {
    public static final String CODER_NAME = "xor_scr4j";

    @Override
    public RawErasureEncoder createEncoder(ErasureCoderOptions options) {
        return new Scr4jRawEncoder(options, Coders.create(xor(options)));
    }

    @Override
    public RawErasureDecoder createDecoder(ErasureCoderOptions options) {
        return new Scr4jRawDecoder(options, Coders.create(xor(options)));
    }

    private static ErasureCode xor(ErasureCoderOptions options) {
        if (options.getNumParityUnits() != 1) {
            throw new IllegalArgumentException("the XOR codec has one parity unit, not " + options.getNumParityUnits());
        }
        return ErasureCode.xor(options.getNumDataUnits());
    }

    @Override
    public String getCoderName() {
        return CODER_NAME;
    }

    @Override
    public String getCodecName() {
        return ErasureCodeConstants.XOR_CODEC_NAME;
    }
}
