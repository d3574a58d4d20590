package org.scr4j.plugin.throttled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scr4j.tier.TierContext;
import org.scr4j.tier.TierSpec;

class ThrottledTierFactoryTest {
    private static final TierContext CONTEXT = new TierContext("alice", "job7", "node0");

    private static TierSpec bb(String base, Map<String, String> options) {
        return new TierSpec("bb", "throttled", base, OptionalLong.empty(), options);
    }

    private static long bandwidth(String value) {
        return ThrottledTierFactory.bandwidth(bb("/tmp/bb", Map.of("bandwidth", value)));
    }

    @Test
    void bandwidthIsBytesPerSecondWithBinaryUnits() {
        assertEquals(1_048_576, bandwidth("1048576"));
        assertEquals(512L << 10, bandwidth("512k"));
        assertEquals(64L << 20, bandwidth("64m"));
        assertEquals(256L << 20, bandwidth("256M"));
        assertEquals(1L << 30, bandwidth("1g"));
        assertEquals(2L << 40, bandwidth("2t"));
        assertEquals(1, bandwidth(" 1 "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "0m", "-5", "+5", "1.5g", "64mb", "64 m", "fast", "1e9", "9000000000000g",
            "99999999999999999999"})
    void aMalformedBandwidthNamesTheKeyTheValueAndValidExamples(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bandwidth(value));
        assertTrue(e.getMessage().contains("scr.tier.bb.bandwidth='" + value + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("64m") && e.getMessage().contains("1g"), e.getMessage());
    }

    @Test
    void aMissingBandwidthNamesTheKey(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ThrottledTierFactory().create(bb(dir.toString(), Map.of()), CONTEXT));
        assertTrue(e.getMessage().contains("needs scr.tier.bb.bandwidth"), e.getMessage());
        assertTrue(e.getMessage().contains("64m"), e.getMessage());
    }

    @Test
    void theBaseExpandsUserJobAndNode(@TempDir Path dir) throws Exception {
        try (ThrottledTier tier = (ThrottledTier) new ThrottledTierFactory()
                .create(bb(dir + "/${user}/${job}/${node}", Map.of("bandwidth", "64m")), CONTEXT)) {
            assertEquals(dir.resolve("alice/job7/node0").toUri(), tier.location());
            assertEquals(64L << 20, tier.bandwidth());
        }
    }

    @Test
    void theBaseMustBeAnAbsoluteLocalDirectoryOtherThanTheRoot() {
        ThrottledTierFactory factory = new ThrottledTierFactory();
        Map<String, String> options = Map.of("bandwidth", "1g");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> factory.create(bb("bb/${node}", options), CONTEXT))
                .getMessage().contains("is relative"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> factory.create(bb("/", options), CONTEXT))
                .getMessage().contains("root directory"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> factory.create(bb("/tmp/../", options), CONTEXT))
                .getMessage().contains("root directory"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> factory.create(bb("hdfs://nn:8020/bb", options), CONTEXT))
                .getMessage().contains("local directory"));
    }
}
