package org.scr4j.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** Every benchmark configuration does the work it claims: the units it writes come out right. */
class CoderBenchmarkTest {
    @Test
    void everyCoderOperationAndBufferKindWritesTheRightBytes() throws Exception {
        for (String code : new String[] {"RS-8-2", "RS-6-3", "XOR-8-1"}) {
            int m = Codes.parse(code).parityUnits();
            for (String coder : new String[] {"vector", "scalar", "hadoop"}) {
                for (String buffers : new String[] {"array", "direct"}) {
                    for (int erasures = 0; erasures <= Math.min(2, m); erasures++) {
                        CoderBenchmark b = new CoderBenchmark();
                        b.code = code;
                        b.coder = coder;
                        b.cell = 4096 + 7;
                        b.buffers = buffers;
                        b.erasures = erasures;
                        b.setUp();
                        long[] expected = crcs(b.unitsAfterRun());
                        b.clearOutputs();
                        b.stripe();
                        assertArrayEquals(expected, crcs(b.unitsAfterRun()),
                                code + " " + coder + " " + buffers + " erasures " + erasures);
                    }
                }
            }
        }
    }

    private static long[] crcs(byte[][] units) {
        long[] crcs = new long[units.length];
        for (int u = 0; u < units.length; u++) {
            CRC32C crc = new CRC32C();
            crc.update(units[u]);
            crcs[u] = crc.getValue();
        }
        return crcs;
    }
}
