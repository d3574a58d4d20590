package org.scr4j.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scr4j.control.Local.checkpoint;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.scr4j.tier.pfs.TestHdfs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The control directory on a real HDFS: one name node and one data node, started once for the class. */
@SuppressWarnings("try") // locks are held by try blocks, not used in them
class ControlOnHdfsTest {
    private static final AtomicInteger TESTS = new AtomicInteger();
    private static MiniDFSCluster cluster;

    private ControlDirectory control;
    private FileSystem fs;

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

    /** One data node: files have one replica, so that appends need no second one. */
    private static Configuration conf() {
        Configuration conf = new Configuration();
        conf.setInt("dfs.replication", 1);
        return conf;
    }

    @BeforeEach
    void open() throws IOException {
        control = ControlDirectory.open(URI.create(cluster.getURI() + "/jobs/test-" + TESTS.incrementAndGet()), conf());
        fs = control.fileSystem();
    }

    @AfterEach
    void close() throws IOException {
        fs.close();
    }

    private List<String> names() throws IOException {
        return Arrays.stream(fs.listStatus(control.path())).map(s -> s.getPath().getName()).sorted().toList();
    }

    @Test
    void theControlDirectoryIsPrivate() throws IOException {
        assertInstanceOf(DistributedFileSystem.class, fs);
        assertEquals(new FsPermission((short) 0700), fs.getFileStatus(control.path()).getPermission());
        assertEquals(new FsPermission((short) 0700), fs.getFileStatus(control.prefix()).getPermission());
        assertEquals(new FsPermission((short) 0700), fs.getFileStatus(control.prefix().getParent()).getPermission());
    }

    @Test
    void replaceOverwritesAndLeavesNoTempFiles() throws IOException {
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(control.path(), "state");
        control.replace(target, "one".getBytes(StandardCharsets.UTF_8));
        control.replace(target, "two, longer".getBytes(StandardCharsets.UTF_8));

        assertArrayEquals("two, longer".getBytes(StandardCharsets.UTF_8), control.read(target).orElseThrow());
        assertEquals(List.of("state"), names());
    }

    @Test
    void theIndexRoundTripsAndABadOneIsLeftAlone() throws IOException {
        Index written = control.index().update(i -> i.with(checkpoint(4, true)).withCurrent(OptionalLong.of(4)));
        assertEquals(written, control.index().read());
        assertEquals(List.of("index"), names());

        byte[] whole = control.read(control.index().path()).orElseThrow();
        byte[] half = Arrays.copyOf(whole, whole.length / 2);
        try (FSDataOutputStream out = fs.create(control.index().path(), true)) {
            out.write(half);
        }
        IndexFormatException e = assertThrows(IndexFormatException.class,
                () -> control.index().update(i -> i.with(checkpoint(5, true))));
        assertTrue(e.getMessage().startsWith(control.index().path() + " is not a valid scr4j index"), e.getMessage());
        assertArrayEquals(half, control.read(control.index().path()).orElseThrow());
    }

    @Test
    void theLockIsExclusiveAndAStaleOneIsBroken() throws Exception {
        org.apache.hadoop.fs.Path lockFile = new org.apache.hadoop.fs.Path(control.path(), "index.lock");
        Duration timeout = Duration.ofMillis(300);
        Duration lease = Duration.ofSeconds(120);
        ControlLock dead = ControlLock.acquire(fs, lockFile, timeout, lease);
        IOException e = assertThrows(IOException.class, () -> ControlLock.acquire(fs, lockFile, timeout, lease));
        assertTrue(e.getMessage().contains(", held by " + Local.owner() + " since "), e.getMessage());
        assertTrue(e.getMessage().endsWith("; if that process is gone, delete " + lockFile), e.getMessage());

        fs.setTimes(lockFile, System.currentTimeMillis() - Duration.ofMinutes(10).toMillis(), -1);
        try (ControlLock taken = ControlLock.acquire(fs, lockFile, timeout, lease)) {
            dead.close();
            assertTrue(fs.exists(lockFile), "the broken holder's close leaves the new lock alone");
        }
        assertFalse(fs.exists(lockFile));
    }

    @Test
    void concurrentUpdatesLoseNothing() throws Exception {
        int threads = 4;
        int each = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Future<?>[] done = new Future<?>[threads];
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done[t] = pool.submit(() -> {
                    try (FileSystem own = FileSystem.newInstance(control.prefix().toUri(), conf())) {
                        ControlDirectory mine = new ControlDirectory(own, control.prefix());
                        for (int i = 0; i < each; i++) {
                            long id = thread * each + i + 1L;
                            mine.index().update(x -> x.with(checkpoint(id, false)));
                        }
                    }
                    return null;
                });
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(LongStream.rangeClosed(1, threads * each).boxed().collect(Collectors.toList()),
                List.copyOf(control.index().read().entries().keySet()));
    }

    @Test
    void theEventLogAppendsAndEndsACutOffLine() throws IOException {
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("event", "START");
        start.put("ranks", 2);
        control.log().append(start);
        FileStatus first = fs.getFileStatus(control.log().path());

        try (FSDataOutputStream out = fs.append(control.log().path())) {
            out.write("{\"event\":\"CHE".getBytes(StandardCharsets.UTF_8));
        }
        control.log().append(Map.of("event", "CHECKPOINT"));

        List<Map<String, Object>> events = control.log().read();
        assertEquals(2, events.size());
        assertEquals("START", events.get(0).get("event"));
        assertEquals(2, events.get(0).get("ranks"));
        assertEquals("CHECKPOINT", events.get(1).get("event"));
        assertTrue(first.getLen() > 0);
        assertEquals(List.of("log"), names());
    }
}
