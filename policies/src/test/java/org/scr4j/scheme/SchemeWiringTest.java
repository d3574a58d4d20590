package org.scr4j.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.scr4j.conf.ConfigLoader;
import org.scr4j.conf.ScrConfig;
import org.scr4j.conf.ScrModule;

class SchemeWiringTest {
    private static SchemeRegistry registry(String coder) {
        ScrConfig config = new ConfigLoader(Map.of(), SchemeWiringTest.class.getClassLoader()).load(Map.of("scr.erasure.coder", coder));
        return Guice.createInjector(new ScrModule(config), new SchemeModule()).getInstance(SchemeRegistry.class);
    }

    @Test
    void everySchemeIsBoundByItsName() {
        SchemeRegistry schemes = registry("auto");
        assertInstanceOf(SingleScheme.class, schemes.get("SINGLE"));
        assertInstanceOf(PartnerScheme.class, schemes.get("PARTNER"));
        assertInstanceOf(XorScheme.class, schemes.get("XOR"));
        assertInstanceOf(RsScheme.class, schemes.get("RS"));
    }

    @Test
    void aSingleNodeJobFallsBackToSingleAndSaysWhy() {
        SchemeRegistry.Resolved resolved = registry("auto").resolve("XOR", new SchemeOptions(8, 2, List.of("n0", "n0")));
        assertEquals("SINGLE", resolved.scheme().name());
        assertTrue(resolved.fallback().orElseThrow().contains("one failure group (n0)"), resolved.fallback().toString());
    }

    @Test
    void schemesFromTheRegistryRebuildWithTheConfiguredCoderAndFullPieces() throws Exception {
        for (String coder : List.of("scalar", "hadoop-java")) {
            for (String name : List.of("XOR", "RS", "PARTNER")) {
                try (SchemeJob job = new SchemeJob(registry(coder).get(name), SchemeJob.spread(4, 4))) {
                    job.write().apply();
                    LossDrill.expectRebuilt(job, job.lose(Set.of("n3"), Map.of()), name + " with coder " + coder);
                }
            }
        }
    }
}
