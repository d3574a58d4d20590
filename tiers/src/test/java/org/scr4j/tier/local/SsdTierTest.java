package org.scr4j.tier.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scr4j.tier.Durability;
import org.scr4j.tier.TestData;

class SsdTierTest extends LocalTierContract {
    @Override
    protected String type() {
        return "ssd";
    }

    @Test
    void anSsdTierKeepsItsDataAcrossAReboot() {
        assertEquals(Durability.NODE_PERSISTENT, tier.durability());
        assertEquals("ssd", tier.type());
    }

    @Test
    void aTierReopenedOnTheSameBaseFindsTheDatasetsOfTheLastRun() throws IOException {
        byte[] data = TestData.bytes(99, 1);
        TestData.write(tier, "ckpt.1", "state.bin", data);
        closeTier();
        openTier();
        assertEquals(List.of("ckpt.1"), tier.listDatasets());
        assertEquals(TestData.sha256(data), TestData.readSha256(tier, "ckpt.1", "state.bin"));
    }
}
