package org.scr4j.hdfs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.scr4j.control.ControlDirectory;
import org.scr4j.tier.pfs.TestHdfs;

/**
 * A real HDFS for the tests of a job whose prefix is on it: one name node and one data node on
 * 127.0.0.1, its storage under target/, started once per test class and shut down (storage
 * deleted) by {@link #close()}. Each test takes a prefix of its own with {@link #newPrefix}, and
 * looks at what the job left there through {@link #fs()}, a client of its own, as a person with
 * {@code hdfs dfs} would.
 */
public final class MiniHdfs implements AutoCloseable {
    /** The smallest block HDFS allows by default: files of a few MiB then span several blocks. */
    public static final long BLOCK = 1L << 20;

    private final MiniDFSCluster cluster;
    private final FileSystem fs;
    private final AtomicInteger prefixes = new AtomicInteger();

    private MiniHdfs(MiniDFSCluster cluster, FileSystem fs) {
        this.cluster = cluster;
        this.fs = fs;
    }

    public static MiniHdfs start() throws IOException {
        MiniDFSCluster cluster = TestHdfs.start();
        try {
            return new MiniHdfs(cluster, FileSystem.newInstance(uri("/", cluster.getNameNodePort()), client()));
        } catch (IOException | RuntimeException e) {
            cluster.shutdown(true);
            throw e;
        }
    }

    private static URI uri(String path, int port) {
        return URI.create("hdfs://127.0.0.1:" + port + path);
    }

    private URI uri(String path) {
        return uri(path, cluster.getNameNodePort());
    }

    /**
     * Client settings for this cluster. One data node: one replica per block, else appends (the
     * event log) ask for data nodes that do not exist. A closing file waits for the data node to
     * report its last block, polling from 400 ms by default, which makes every control-file update
     * (a lock and a replace: two closes) cost about half a second; polling from 20 ms, ten times
     * (about 20 s in all, more than the default's 12 s), keeps the tests fast without making a
     * slow report an error.
     */
    public static Map<String, String> hadoopSettings() {
        return Map.of("dfs.replication", "1",
                "dfs.client.block.write.locateFollowingBlock.initial.delay.ms", "20",
                "dfs.client.block.write.locateFollowingBlock.retries", "10");
    }

    public static Configuration client() {
        Configuration conf = new Configuration();
        hadoopSettings().forEach(conf::set);
        return conf;
    }

    /**
     * The Hadoop keys a job on this cluster gets in its scr4j configuration; they pass through to
     * the prefix's FileSystem. The small block size shows that they do.
     */
    public static Map<String, String> jobSettings() {
        Map<String, String> all = new java.util.TreeMap<>(hadoopSettings());
        all.put("dfs.blocksize", Long.toString(BLOCK));
        return all;
    }

    /** hdfs://127.0.0.1:PORT/jobs/NAME-N, a prefix no other test uses (not created). */
    public URI newPrefix(String name) {
        return uri("/jobs/" + name + "-" + prefixes.incrementAndGet());
    }

    public FileSystem fs() {
        return fs;
    }

    public MiniDFSCluster cluster() {
        return cluster;
    }

    /** The control directory of a prefix, on a FileSystem of its own; the caller closes its fileSystem(). */
    public static ControlDirectory control(URI prefix) throws IOException {
        return ControlDirectory.open(prefix, client());
    }

    public static Path path(URI prefix, String relative) {
        return new Path(new Path(prefix), relative);
    }

    public byte[] read(Path file) throws IOException {
        try (FSDataInputStream in = fs.open(file)) {
            return in.readAllBytes();
        }
    }

    /** CRC32C of a file's bytes as HDFS serves them. */
    public long crc32c(Path file) throws IOException {
        return crc32c(read(file));
    }

    public static long crc32c(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return crc.getValue();
    }

    /** Every file under dir, as paths relative to it, sorted; empty if dir does not exist. */
    public List<String> files(Path dir) throws IOException {
        Path qualified = fs.makeQualified(dir);
        String base = qualified.toUri().getPath() + "/";
        List<String> names = new ArrayList<>();
        try {
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(qualified, true);
            while (it.hasNext()) {
                names.add(it.next().getPath().toUri().getPath().substring(base.length()));
            }
        } catch (FileNotFoundException e) {
            return List.of();
        }
        names.sort(null);
        return names;
    }

    @Override
    public void close() throws IOException {
        try {
            fs.close();
        } finally {
            cluster.shutdown(true);
        }
    }
}
