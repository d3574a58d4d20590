package org.scr4j.tier.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.scr4j.tier.Durability;

class SsdTierTest extends LocalTierContract {
    @Override
    protected String type() {
        return "ssd";
    }

    @Test
    void anSsdTierSurvivesAReboot() {
        assertEquals(Durability.NODE_PERSISTENT, tier.durability());
        assertEquals("ssd", tier.type());
    }

    @Test
    void aTierReopenedOnTheSameBaseSeesTheDatasetsOfTheLastOne() throws IOException {
        org.scr4j.tier.TestData.write(tier, "ckpt.1", "state.bin", org.scr4j.tier.TestData.bytes(99, 1));
        closeTier();
        openTier();
        assertEquals(java.util.List.of("ckpt.1"), tier.listDatasets());
        assertEquals(org.scr4j.tier.TestData.sha256(org.scr4j.tier.TestData.bytes(99, 1)),
                org.scr4j.tier.TestData.readSha256(tier, "ckpt.1", "state.bin"));
    }
}
