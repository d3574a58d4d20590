package org.scr4j.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.spi.Element;
import com.google.inject.spi.Elements;
import com.google.inject.spi.Message;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.tier.local.NvramTierFactory;
import org.scr4j.tier.local.RamdiskTierFactory;
import org.scr4j.tier.local.SsdTierFactory;
import org.scr4j.tier.pfs.PfsTierFactory;

class TierRegistryTest {
    private final TierRegistry registry = TestTiers.registry();

    @TempDir
    Path temp;

    @Test
    void theFourBuiltInTypesAreBoundWithTheirDurability() {
        assertEquals(Set.of("nvram", "pfs", "ramdisk", "ssd"), registry.types());
        assertInstanceOf(RamdiskTierFactory.class, registry.factory("ramdisk"));
        assertInstanceOf(SsdTierFactory.class, registry.factory("ssd"));
        assertInstanceOf(NvramTierFactory.class, registry.factory("nvram"));
        assertInstanceOf(PfsTierFactory.class, registry.factory("pfs"));
        assertEquals(Durability.NODE_VOLATILE, registry.factory("ramdisk").durability());
        assertEquals(Durability.NODE_PERSISTENT, registry.factory("ssd").durability());
        assertEquals(Durability.NODE_PERSISTENT, registry.factory("nvram").durability());
        assertEquals(Durability.GLOBAL, registry.factory("pfs").durability());
        registry.factories().values().forEach(f -> assertFalse(f.description().isBlank()));
    }

    @Test
    void anOpenedTierCarriesItsSpecAndExpandedBase() throws IOException {
        TierSpec spec = new TierSpec("fast", "ssd", temp + "/${user}/${job}/${node}", OptionalLong.of(1 << 20), Map.of());
        try (StorageTier tier = registry.open(spec, TestTiers.CONTEXT)) {
            assertEquals("fast", tier.name());
            assertEquals("ssd", tier.type());
            assertEquals(Durability.NODE_PERSISTENT, tier.durability());
            assertEquals(OptionalLong.of(1 << 20), tier.capacity());
            assertEquals(temp.resolve("alice/job42/node3").toUri(), tier.location());
            assertTrue(Files.isDirectory(temp.resolve("alice/job42/node3")));
        }
    }

    @Test
    void anUnknownTierTypeIsRefusedListingTheKnownTypes() {
        TierSpec spec = new TierSpec("fast", "tape", temp.toString(), OptionalLong.empty(), Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.open(spec, TestTiers.CONTEXT));
        assertTrue(e.getMessage().startsWith("unknown tier type 'tape'; known types: nvram, pfs, ramdisk, ssd"), e.getMessage());
        assertTrue(e.getMessage().contains("plugin jar on the classpath"), e.getMessage());
    }

    @Test
    void anUnknownOptionIsRefusedListingTheValidOptions() {
        Path base = temp.resolve("pmem");
        TierSpec spec = new TierSpec("pmem", "nvram", base.toString(), OptionalLong.empty(), Map.of("synk", "fsync", "dax", "on"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.open(spec, TestTiers.CONTEXT));
        assertEquals("tier 'pmem' of type nvram: unknown option dax, synk; valid options: sync", e.getMessage());
        assertFalse(Files.exists(base), "nothing is created for a refused spec");
    }

    @Test
    void anOptionGivenToATypeWithoutOptionsIsRefusedSayingSo() {
        TierSpec spec = new TierSpec("local", "ssd", temp.toString(), OptionalLong.empty(), Map.of("sync", "fsync"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.open(spec, TestTiers.CONTEXT));
        assertEquals("tier 'local' of type ssd: unknown option sync; valid options: none", e.getMessage());
    }

    @Test
    void aPluginListedInMetaInfServicesAddsItsTierType() throws IOException {
        Path services = temp.resolve("plugin/META-INF/services/" + TierPlugin.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, "# a site's tier plugin\n" + ArchiveTierPlugin.class.getName() + "\n");
        try (URLClassLoader pluginJar = new URLClassLoader(new URL[] {temp.resolve("plugin").toUri().toURL()}, getClass().getClassLoader())) {
            TierRegistry withPlugin = Guice.createInjector(new TierModule(new Configuration(false), pluginJar))
                    .getInstance(TierRegistry.class);
            assertEquals(Set.of("archive", "nvram", "pfs", "ramdisk", "ssd"), withPlugin.types());
            assertEquals("a test plugin's tier", withPlugin.factory("archive").description());
        }
    }

    @Test
    void aPluginTypeNameMustBeLowerCaseLettersAndDigits() {
        // Recorded as Guice records a module's mistakes; Guice.createInjector would fail with the same message.
        List<Element> recorded = Elements.getElements(binder -> TierBinder.of(binder).bind("Tape-2", ArchiveTierFactory.class));
        Message error = recorded.stream().filter(Message.class::isInstance).map(Message.class::cast).findFirst().orElseThrow();
        IllegalArgumentException cause = assertInstanceOf(IllegalArgumentException.class, error.getCause());
        assertEquals("tier type 'Tape-2' is not valid: use lower-case letters and digits", cause.getMessage());
    }

    /** What a site's plugin jar holds: a module that binds one more tier type. */
    public static final class ArchiveTierPlugin extends com.google.inject.AbstractModule implements TierPlugin {
        @Override
        protected void configure() {
            TierBinder.of(binder()).bind("archive", ArchiveTierFactory.class);
        }
    }

    public static final class ArchiveTierFactory implements TierFactory {
        @Override
        public String description() {
            return "a test plugin's tier";
        }

        @Override
        public Durability durability() {
            return Durability.GLOBAL;
        }

        @Override
        public Set<String> options() {
            return Set.of();
        }

        @Override
        public StorageTier create(TierSpec spec, TierContext context) {
            throw new UnsupportedOperationException("never opened in these tests");
        }
    }
}
