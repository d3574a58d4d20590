package org.scr4j.erasure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.ByteBuffer;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.erasurecode.CodecUtil;
import org.apache.hadoop.io.erasurecode.ErasureCodeConstants;
import org.apache.hadoop.io.erasurecode.ErasureCoderOptions;
import org.apache.hadoop.io.erasurecode.rawcoder.RSRawDecoder;
import org.apache.hadoop.io.erasurecode.rawcoder.RSRawEncoder;
import org.apache.hadoop.io.erasurecode.rawcoder.RawErasureDecoder;
import org.apache.hadoop.io.erasurecode.rawcoder.RawErasureEncoder;
import org.apache.hadoop.io.erasurecode.rawcoder.Scr4jRSRawErasureCoderFactory;
import org.apache.hadoop.io.erasurecode.rawcoder.Scr4jRawDecoder;
import org.apache.hadoop.io.erasurecode.rawcoder.Scr4jRawEncoder;
import org.apache.hadoop.io.erasurecode.rawcoder.Scr4jXORRawErasureCoderFactory;
import org.apache.hadoop.io.erasurecode.rawcoder.XORRawEncoder;
import org.junit.jupiter.api.Test;

/** scr4j's coders inside Hadoop's codec framework, and Hadoop's coders on scr4j's parity. */
class HadoopInteropTest {
    private static final ErasureCoderOptions RS_6_3 = new ErasureCoderOptions(6, 3);

    private static Configuration conf(String codec, String coders) {
        Configuration conf = new Configuration(false);
        conf.set(CodecUtil.IO_ERASURECODE_CODEC + codec + ".rawcoders", coders);
        return conf;
    }

    @Test
    void codecUtilCreatesScr4jCodersByNameAndTheyEncodeAsScr4jDoes() throws Exception {
        Configuration conf = conf(ErasureCodeConstants.RS_CODEC_NAME, Scr4jRSRawErasureCoderFactory.CODER_NAME + ",rs_java");
        RawErasureEncoder encoder = CodecUtil.createRawEncoder(conf, ErasureCodeConstants.RS_CODEC_NAME, RS_6_3);
        RawErasureDecoder decoder = CodecUtil.createRawDecoder(conf, ErasureCodeConstants.RS_CODEC_NAME, RS_6_3);
        assertInstanceOf(Scr4jRawEncoder.class, encoder);
        assertInstanceOf(Scr4jRawDecoder.class, decoder);

        byte[][] data = Stripes.random(new Random(1), 6, 4099);
        byte[][] throughHadoop = new byte[3][4099];
        encoder.encode(Stripes.copy(data), throughHadoop);
        byte[][] direct = new byte[3][4099];
        Coders.create(ErasureCode.rs(6, 3)).encode(data, direct);
        assertArrayEquals(direct, throughHadoop);

        // Hadoop's decode contract: inputs with nulls where lost, outputs for the erased indexes.
        byte[][] inputs = Stripes.join(Stripes.copy(data), Stripes.copy(direct));
        inputs[0] = null;
        inputs[7] = null;
        byte[][] outputs = new byte[2][4099];
        decoder.decode(inputs, new int[] {0, 7}, outputs);
        assertArrayEquals(data[0], outputs[0]);
        assertArrayEquals(direct[1], outputs[1]);
    }

    @Test
    void scr4jCodersThroughHadoopHandleDirectBuffersAndMoveInputPositionsAsHadoopDoes() throws Exception {
        Configuration conf = conf(ErasureCodeConstants.XOR_CODEC_NAME, Scr4jXORRawErasureCoderFactory.CODER_NAME);
        ErasureCoderOptions options = new ErasureCoderOptions(5, 1);
        RawErasureEncoder encoder = CodecUtil.createRawEncoder(conf, ErasureCodeConstants.XOR_CODEC_NAME, options);
        assertInstanceOf(Scr4jRawEncoder.class, encoder);
        byte[][] data = Stripes.random(new Random(2), 5, 777);
        ByteBuffer[] in = new ByteBuffer[5];
        for (int i = 0; i < 5; i++) {
            in[i] = ByteBuffer.allocateDirect(777);
            in[i].put(data[i]).flip();
        }
        ByteBuffer[] out = {ByteBuffer.allocateDirect(777)};
        encoder.encode(in, out);
        byte[][] expected = new byte[1][777];
        new XORRawEncoder(options).encode(data, expected);
        assertArrayEquals(expected[0], Stripes.bytes(out[0]));
        for (ByteBuffer b : in) {
            org.junit.jupiter.api.Assertions.assertEquals(0, b.remaining(), "Hadoop's contract: inputs are consumed");
        }
    }

    @Test
    void hadoopsOwnJavaCodersReadScr4jParityAndScr4jReadsTheirs() throws Exception {
        byte[][] data = Stripes.random(new Random(3), 6, 10_000);
        byte[][] ours = new byte[3][10_000];
        Coders.create(ErasureCode.rs(6, 3)).encode(data, ours);
        byte[][] theirs = new byte[3][10_000];
        new RSRawEncoder(RS_6_3).encode(Stripes.copy(data), theirs);
        assertArrayEquals(ours, theirs, "the same field and Cauchy matrix as Hadoop");

        byte[][] inputs = Stripes.join(Stripes.copy(data), ours);
        inputs[1] = null;
        inputs[2] = null;
        inputs[4] = null;
        byte[][] outputs = new byte[3][10_000];
        new RSRawDecoder(RS_6_3).decode(inputs, new int[] {1, 2, 4}, outputs);
        assertArrayEquals(data[1], outputs[0]);
        assertArrayEquals(data[2], outputs[1]);
        assertArrayEquals(data[4], outputs[2]);
    }

    @Test
    void theHadoopJavaChoiceDecodesLikeScr4j() {
        ErasureCode code = ErasureCode.rs(5, 3);
        byte[][] data = Stripes.random(new Random(4), 5, 555);
        byte[][] parity = new byte[3][555];
        Coders.create(code).encode(data, parity);
        byte[][] units = Stripes.join(Stripes.copy(data), Stripes.copy(parity));
        units[0] = new byte[555];
        units[6] = new byte[555];
        units[3] = null;
        Coders.create(code, CoderChoice.HADOOP_JAVA).decode(units, new int[] {0, 6});
        assertArrayEquals(data[0], units[0]);
        assertArrayEquals(parity[1], units[6]);
    }
}
