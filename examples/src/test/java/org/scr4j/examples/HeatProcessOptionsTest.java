package org.scr4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.scr4j.examples.HeatOptions.UsageException;

class HeatProcessOptionsTest {
    private static String refused(String... args) {
        return assertThrows(UsageException.class, () -> HeatProcessOptions.parse(args)).getMessage();
    }

    @Test
    void defaultsAndEveryOption() throws Exception {
        assertEquals(new HeatProcessOptions(100, 64, 0, OptionalInt.empty(), Optional.empty()), HeatProcessOptions.parse(new String[0]));
        assertEquals(new HeatProcessOptions(30, 16, 25, OptionalInt.of(12), Optional.of(Path.of("/tmp/m"))),
                HeatProcessOptions.parse(new String[] {"--steps", "30", "--size=16", "--step-millis", "25", "--hang-at", "12",
                    "--hang-marker", "/tmp/m"}));
    }

    @Test
    void wrongCommandLinesAreRefusedWithTheFix() {
        assertEquals("--hang-at needs --hang-marker FILE, which tells later runs not to hang again", refused("--hang-at", "5"));
        assertEquals("--hang-marker is only used with --hang-at STEP", refused("--hang-marker", "/tmp/m"));
        assertEquals("--hang-at must be between 1 and 10, not 11", refused("--steps", "10", "--hang-at", "11", "--hang-marker", "m"));
        assertEquals("--size must be between 3 and 8192, not 2", refused("--size", "2"));
        assertEquals("--step-millis needs a whole number, not 'fast'", refused("--step-millis", "fast"));
        assertEquals("unknown option '--ranks'; the options are --steps, --size, --step-millis, --hang-at, --hang-marker",
                refused("--ranks", "4"));
        assertEquals("--steps is given twice", refused("--steps", "1", "--steps=2"));
        assertEquals("--steps needs a value", refused("--steps"));
    }
}
