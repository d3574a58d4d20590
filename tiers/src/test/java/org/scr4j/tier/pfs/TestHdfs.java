package org.scr4j.tier.pfs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/** A real HDFS for tests: one name node and one data node on 127.0.0.1, its files under target/. */
public final class TestHdfs {
    private TestHdfs() {
    }

    /** Starts a cluster and waits until it serves; the caller shuts it down. */
    public static MiniDFSCluster start() throws IOException {
        Configuration conf = new Configuration();
        Path base = Path.of("target", "minidfs-" + UUID.randomUUID()).toAbsolutePath();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
        conf.setInt("dfs.replication", 1);
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
        return cluster;
    }
}
