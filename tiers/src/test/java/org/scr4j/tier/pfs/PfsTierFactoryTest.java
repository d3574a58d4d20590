package org.scr4j.tier.pfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scr4j.tier.StorageTier;
import org.scr4j.tier.TestData;
import org.scr4j.tier.TestTiers;
import org.scr4j.tier.TierException;
import org.scr4j.tier.TierRegistry;

/** Bases the pfs tier accepts and the ones it refuses, with the fix in the message. */
class PfsTierFactoryTest {
    private static final TierRegistry REGISTRY = TestTiers.registry(new Configuration());

    @TempDir
    Path temp;

    private static StorageTier open(String base) throws IOException {
        return TestTiers.open(REGISTRY, "pfs", base, OptionalLong.empty(), Map.of());
    }

    @Test
    void aPlainAbsolutePathIsTakenAsALocalFileSystemUri() throws IOException {
        try (StorageTier tier = open(temp + "/prefix/${user}")) {
            assertEquals("file", tier.location().getScheme());
            assertEquals(temp.resolve("prefix/alice"), Path.of(tier.location()));
            TestData.write(tier, "ckpt.1", "state.bin", TestData.bytes(10, 1));
            assertTrue(Files.isRegularFile(temp.resolve("prefix/alice/ckpt.1/state.bin")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "file:///", "file:///tmp/..", "file:///..", "/${user}/..", "hdfs://namenode:8020",
        "hdfs://namenode:8020/", "hdfs://namenode:8020/scr4j/.."})
    void theRootOfAFileSystemIsRefused(String base) {
        TierException e = assertThrows(TierException.class, () -> open(base));
        assertEquals("tier 'testpfs': base '" + base.replace("${user}", "alice") + "' is the root of its file system; scr4j deletes datasets under its base."
                + " Fix: use a directory of its own", e.getMessage());
    }

    @Test
    void aBaseThatBelongsToAnotherUserIsRefusedNamingItsOwner() throws IOException {
        assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid")),
                "only root can give a directory to another user");
        Path base = Files.createDirectories(temp.resolve("prefix"));
        Files.setAttribute(base, "unix:uid", 65534);
        TierException e = assertThrows(TierException.class, () -> open(base.toString()));
        assertEquals("tier 'testpfs': base " + base + " belongs to user nobody (uid 65534), not to root (uid 0), who runs this job:"
                + " its owner could plant files or links there. Fix: remove it (as its owner or root), or point"
                + " scr.tier.testpfs.base (SCR_PREFIX for the prefix) at a directory of your own", e.getMessage());
    }

    @Test
    void aRelativeBaseIsRefused() {
        TierException e = assertThrows(TierException.class, () -> open("prefix/${user}"));
        assertEquals("tier 'testpfs': base 'prefix/alice' is relative. Fix: give an absolute path or a URI such as"
                + " hdfs://namenode:8020/scr4j", e.getMessage());
    }

    @Test
    void aSchemeWithoutAFileSystemOnTheClassPathIsRefusedNamingIt() {
        TierException e = assertThrows(TierException.class, () -> open("lustrefs://mds/scr4j"));
        assertTrue(e.getMessage().startsWith("tier 'testpfs': no Hadoop FileSystem for scheme 'lustrefs' of lustrefs://mds/scr4j."
                + " Fix: put the file system's jar on the class path"), e.getMessage());
    }

    @Test
    void aFileWhereTheBaseShouldBeIsRefused() throws IOException {
        Path file = Files.writeString(temp.resolve("prefix"), "not a directory");
        for (String base : new String[] {file.toString(), file + "/scr4j"}) {
            TierException e = assertThrows(TierException.class, () -> open(base));
            assertTrue(e.getMessage().endsWith(" or one of its parents is a file, not a directory"), e.getMessage());
        }
        assertEquals("not a directory", Files.readString(file));
    }

    @Test
    void aBaseThatCannotBeCreatedIsRefused() {
        // Nobody, root included, can make a directory in /proc.
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux's /proc");
        TierException e = assertThrows(TierException.class, () -> open("/proc/scr4j/${user}"));
        assertEquals("tier 'testpfs': cannot create directory file:/proc/scr4j. Fix: create it writable by this user, or point"
                + " scr.tier.testpfs.base elsewhere", e.getMessage());
    }
}
