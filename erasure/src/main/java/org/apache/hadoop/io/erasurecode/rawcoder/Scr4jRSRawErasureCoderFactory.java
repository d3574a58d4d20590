package org.apache.hadoop.io.erasurecode.rawcoder;

import org.apache.hadoop.io.erasurecode.ErasureCodeConstants;
import org.apache.hadoop.io.erasurecode.ErasureCoderOptions;
import org.scr4j.erasure.Coders;
import org.scr4j.erasure.ErasureCode;

/**
 * Hadoop's codec framework finds this factory through META-INF/services; name it first in
 * io.erasurecode.codec.rs.rawcoders ("rs_scr4j,rs_native,rs_java") to use scr4j's RS coder.
 */
public final class Scr4jRSRawErasureCoderFactory implements RawErasureCoderFactory {
    public static final String CODER_NAME = "rs_scr4j";

    @Override
    public RawErasureEncoder createEncoder(ErasureCoderOptions options) {
        return new Scr4jRawEncoder(options, Coders.create(ErasureCode.rs(options.getNumDataUnits(), options.getNumParityUnits())));
    }

    @Override
    public RawErasureDecoder createDecoder(ErasureCoderOptions options) {
        return new Scr4jRawDecoder(options, Coders.create(ErasureCode.rs(options.getNumDataUnits(), options.getNumParityUnits())));
    }

    @Override
    public String getCoderName() {
        return CODER_NAME;
    }

    @Override
    public String getCodecName() {
        return ErasureCodeConstants.RS_CODEC_NAME;
    }
}
