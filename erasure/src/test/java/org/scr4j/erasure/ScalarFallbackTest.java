package org.scr4j.erasure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.Random;
import org.apache.log4j.Logger;
import org.apache.log4j.PatternLayout;
import org.apache.log4j.WriterAppender;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs in its own surefire execution without --add-modules jdk.incubator.vector, as a user who
 * forgot the flag would: correct results on the scalar path and one log line with the fix.
 */
@Tag("scalar-fallback")
class ScalarFallbackTest {
    @Test
    void withoutTheVectorModuleCodersRunScalarAndSayOnceHowToGetTheFastPath() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty(),
                "this test must run in the surefire execution without the vector module");
        StringWriter log = new StringWriter();
        WriterAppender appender = new WriterAppender(new PatternLayout("%p %m%n"), log);
        Logger.getLogger(Kernels.class).addAppender(appender);
        try {
            assertFalse(Coders.vectorAvailable());
            ErasureCode code = ErasureCode.rs(8, 2);
            ErasureCoder first = Coders.create(code);
            ErasureCoder second = Coders.create(ErasureCode.xor(4));
            assertEquals("scalar", first.implementation());
            assertEquals("scalar", second.implementation());

            byte[][] data = Stripes.random(new Random(6), 8, 4097);
            byte[][] parity = new byte[2][4097];
            first.encode(data, parity);
            byte[][] hadoop = new byte[2][4097];
            Coders.create(code, CoderChoice.HADOOP_JAVA).encode(data, hadoop);
            assertArrayEquals(hadoop, parity, "the scalar path gives the same parity");

            String text = log.toString();
            assertEquals(1, text.split("lacks the jdk.incubator.vector module", -1).length - 1, text);
            assertTrue(text.contains("--add-modules jdk.incubator.vector"), text);
        } finally {
            Logger.getLogger(Kernels.class).removeAppender(appender);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Coders.create(ErasureCode.rs(4, 2), CoderChoice.VECTOR));
        assertTrue(e.getMessage().contains("--add-modules jdk.incubator.vector"), e.getMessage());
    }
}
