package org.scr4j.tier.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scr4j.tier.Durability;

/** The ramdisk on the real /dev/shm, in a directory of its own that each test removes again. */
class RamdiskTierTest extends LocalTierContract {
    private final Path shm = RamdiskTierFactory.SHM.resolve("scr4j-test-" + UUID.randomUUID());

    @BeforeAll
    static void needsDevShm() {
        assumeTrue(Files.isDirectory(RamdiskTierFactory.SHM), "this machine has no /dev/shm");
    }

    @Override
    protected String type() {
        return "ramdisk";
    }

    @Override
    protected Path place() {
        return shm;
    }

    @AfterEach
    void leaveDevShmClean() throws IOException {
        if (Files.exists(shm)) {
            PathUtils.deleteDirectory(shm);
        }
    }

    @Test
    void aRamdiskTierLivesInMemoryAndIsLostWithItsNode() throws IOException {
        assertEquals(Durability.NODE_VOLATILE, tier.durability());
        assertEquals("tmpfs", Files.getFileStore(root()).type());
    }
}
