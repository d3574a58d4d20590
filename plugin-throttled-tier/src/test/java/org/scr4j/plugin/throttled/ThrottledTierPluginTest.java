package org.scr4j.plugin.throttled;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.tier.Durability;
import org.scr4j.tier.StorageTier;
import org.scr4j.tier.TierContext;
import org.scr4j.tier.TierModule;
import org.scr4j.tier.TierRegistry;
import org.scr4j.tier.TierSpec;
import org.scr4j.tier.TierWriter;

/** What a site sees: the plugin's jar on the class path, and scr4j's own TierModule finds it. */
class ThrottledTierPluginTest {
    private static final TierContext CONTEXT = new TierContext("alice", "job7", "node0");

    private static TierRegistry registry() {
        return Guice.createInjector(new TierModule(new Configuration(false))).getInstance(TierRegistry.class);
    }

    @Test
    void theTierModuleFindsTheThrottledTypeBesideTheBuiltIns() {
        TierRegistry registry = registry();
        assertTrue(registry.types().containsAll(Set.of("ramdisk", "ssd", "nvram", "pfs", "throttled")), registry.types().toString());
        assertEquals(Durability.NODE_PERSISTENT, registry.factory("throttled").durability());
        assertEquals(Set.of("bandwidth"), registry.factory("throttled").options());
    }

    @Test
    void aConfiguredThrottledTierOpensAndKeepsFiles(@TempDir Path dir) throws Exception {
        TierSpec spec = new TierSpec("bb", "throttled", dir + "/${user}/${job}/${node}", OptionalLong.empty(),
                Map.of("bandwidth", "256m"));
        byte[] data = "checkpoint of rank 0".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (StorageTier tier = registry().open(spec, CONTEXT)) {
            assertEquals("throttled", tier.type());
            assertEquals(dir.resolve("alice/job7/node0").toUri(), tier.location());
            try (TierWriter out = tier.create("ckpt.1", "rank0.bin")) {
                out.write(data);
                out.commit();
            }
            try (InputStream in = tier.open("ckpt.1", "rank0.bin")) {
                assertArrayEquals(data, in.readAllBytes());
            }
        }
    }

    @Test
    void anUnknownOptionIsAnErrorThatListsTheValidOnes(@TempDir Path dir) {
        TierSpec spec = new TierSpec("bb", "throttled", dir.toString(), OptionalLong.empty(),
                Map.of("bandwidth", "256m", "bandwith", "1g"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry().open(spec, CONTEXT));
        assertTrue(e.getMessage().contains("unknown option bandwith; valid options: bandwidth"), e.getMessage());
    }

    @Test
    void aMissingBandwidthIsAnErrorThatNamesTheKey(@TempDir Path dir) {
        TierSpec spec = new TierSpec("bb", "throttled", dir.toString(), OptionalLong.empty(), Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry().open(spec, CONTEXT));
        assertTrue(e.getMessage().contains("scr.tier.bb.bandwidth"), e.getMessage());
    }
}
