package org.scr4j.tier.pfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scr4j.tier.TestData;
import org.scr4j.tier.TierWriter;

/** The pfs tier on a real HDFS: one name node and one data node, started once for the class. */
class PfsTierOnHdfsTest extends PfsTierContract {
    private static final long BLOCK = 16L * MIB;
    private static final AtomicInteger TESTS = new AtomicInteger();
    private static MiniDFSCluster cluster;

    @BeforeAll
    static void startHdfs() throws IOException {
        cluster = TestHdfs.start();
    }

    @AfterAll
    static void stopHdfs() {
        if (cluster != null) {
            cluster.shutdown(true);
        }
    }

    /** Client settings that differ from HDFS's defaults (3 replicas, 128 MiB blocks), to see that they reach the tier. */
    @Override
    protected Configuration conf() {
        Configuration conf = new Configuration();
        conf.setInt("dfs.replication", 1);
        conf.setLong("dfs.blocksize", BLOCK);
        return conf;
    }

    @Override
    protected String freshDirectory() {
        return cluster.getURI() + "/test-" + TESTS.incrementAndGet();
    }

    @Override
    protected boolean isLocal() {
        return false;
    }

    /**
     * With its only data node gone, HDFS fails the write; the error that reaches the caller's
     * try-with-resources must be HDFS's own, not "Self-suppression not permitted" (HDFS's stream
     * throws its failure again from close()), and the temporary file must not stay behind.
     */
    @Test
    void withItsDataNodeGoneAWriteFailsWithHdfssOwnErrorAndLeavesNoTemporaryFile() throws Exception {
        tier.createDataset("ckpt.1");
        MiniDFSCluster.DataNodeProperties stopped = cluster.stopDataNode(0);
        IOException thrown;
        try {
            thrown = assertThrows(IOException.class, () -> {
                try (TierWriter out = tier.create("ckpt.1", "rank-0.bin")) {
                    out.write(new byte[4096]);
                    out.commit();
                }
            });
        } finally {
            cluster.restartDataNode(stopped, true);
            cluster.waitActive();
        }
        assertTrue(thrown.getMessage().contains("could only be written to 0 of the 1 minReplication nodes"), thrown.toString());
        assertEquals(List.of(), everyFile(), "nothing left of the failed write");
    }

    @Test
    void theHadoopConfigurationGivenToTierModuleDecidesHowFilesAreStored() throws IOException {
        String written = TestData.writeRandom(tier, "ckpt.1", "rank-0.bin", 3 * BLOCK + 5, 3);
        FileStatus status = fs.getFileStatus(new org.apache.hadoop.fs.Path(root(), "ckpt.1/rank-0.bin"));
        assertEquals(1, status.getReplication());
        assertEquals(BLOCK, status.getBlockSize());
        assertEquals(4, fs.getFileBlockLocations(status, 0, status.getLen()).length, "the file spans four blocks");
        assertEquals(written, TestData.readSha256(tier, "ckpt.1", "rank-0.bin"));
    }
}
