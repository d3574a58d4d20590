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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
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
import org.scr4j.fault.CrashPoints;
import org.scr4j.hdfs.IndexWriterMain;
import org.scr4j.hdfs.MiniHdfs;
import org.scr4j.testing.RankProcesses;
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

    /** One data node: files have one replica, so that appends need no second one; see {@link MiniHdfs#client()}. */
    private static Configuration conf() {
        return MiniHdfs.client();
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

    /**
     * On HDFS a lock file's content can be read before its creator's close() returns. Threads of
     * one process name the same owner, so a waiter must never take a lock that its own process is
     * still creating, or has not yet deleted, for one that was left behind.
     */
    @Test
    void threadsOfOneProcessTakeTheLockOneAtATimeAndNeverBreakEachOthers() throws Exception {
        int threads = 4;
        int each = 8;
        org.apache.hadoop.fs.Path lockFile = new org.apache.hadoop.fs.Path(control.path(), "busy.lock");
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Future<?>[] done = new Future<?>[threads];
            for (int t = 0; t < threads; t++) {
                done[t] = pool.submit(() -> {
                    try (FileSystem own = FileSystem.newInstance(control.prefix().toUri(), conf())) {
                        for (int i = 0; i < each; i++) {
                            try (ControlLock lock = ControlLock.acquire(own, lockFile, Duration.ofSeconds(60), Duration.ofSeconds(120))) {
                                most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                                Thread.sleep(2);
                                inside.decrementAndGet();
                            }
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
        assertEquals(1, most.get(), "holders at once");
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

    /**
     * With its only data node gone, HDFS fails every write. The caller must get HDFS's own error as
     * an IOException (its stream throws the failure again from close(), which try-with-resources
     * would turn into "Self-suppression not permitted", an IllegalArgumentException that callers
     * catching IOException let through); the old index stays, and no temporary copy is left.
     */
    @Test
    void withTheDataNodeGoneReplaceAndAppendFailWithHdfssOwnErrorAndTheOldIndexStays() throws Exception {
        Index old = control.index().update(i -> i.with(checkpoint(1, true)).withCurrent(OptionalLong.of(1)));
        byte[] oldBytes = control.read(control.index().path()).orElseThrow();
        control.log().append(Map.of("event", "start"));
        MiniDFSCluster.DataNodeProperties stopped = cluster.stopDataNode(0);
        IOException replace;
        IOException append;
        try {
            replace = assertThrows(IOException.class, () -> control.replace(control.index().path(), "new".getBytes(StandardCharsets.UTF_8)));
            append = assertThrows(IOException.class, () -> control.log().append(Map.of("event", "checkpoint")));
        } finally {
            cluster.restartDataNode(stopped, true);
            cluster.waitActive();
        }
        assertTrue(replace.getMessage().contains("could only be written to 0 of the 1 minReplication nodes"), replace.toString());
        assertTrue(append.getMessage().contains("could only be written to 0 of the 1 minReplication nodes"), append.toString());
        assertArrayEquals(oldBytes, readWhenReported(control.index().path()));
        assertEquals(old, control.index().read());
        assertEquals(List.of("index", "log"), names(), "no temporary copy and no lock left");
    }

    /** A file's bytes, once the restarted data node has reported its blocks again. */
    private byte[] readWhenReported(org.apache.hadoop.fs.Path file) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return control.read(file).orElseThrow();
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                cluster.triggerBlockReports();
                Thread.sleep(100);
            }
        }
    }

    /**
     * Run in a child JVM: holds the log's lock, appends half an event, makes it visible (hflush),
     * and dies as kill -9 would, still holding the file open: HDFS keeps its lease until it is
     * recovered, and until then refuses every other append.
     */
    public static final class CrashMidAppendMain {
        public static void main(String[] args) throws Exception {
            ControlDirectory control = ControlDirectory.open(URI.create(args[0]), MiniHdfs.client());
            control.lock("log");
            FSDataOutputStream out = control.fileSystem().append(control.log().path());
            out.write("{\"event\":\"CHE".getBytes(StandardCharsets.UTF_8));
            out.hflush();
            System.out.println("APPENDING");
            System.out.flush();
            Runtime.getRuntime().halt(CrashPoints.STATUS);
        }
    }

    @Test
    void anAppenderKilledMidLineLeavesTheLogAppendableAndItsHalfLineIsSkipped() throws Exception {
        control.log().append(Map.of("event", "start"));
        try (RankProcesses child = RankProcesses.of(CrashMidAppendMain.class, List.of("hostA"))
                .args(control.prefix().toUri().toString()).jvmOptions("-Dlog4j.configuration=log4j-ranks.properties").start()) {
            assertEquals(CrashPoints.STATUS, child.waitFor(0, Duration.ofSeconds(120)), child.output(0));
            assertTrue(child.lines(0).contains("APPENDING"), child.output(0));
        }
        assertFalse(((DistributedFileSystem) fs).isFileClosed(control.log().path()), "the dead appender still holds the log open");

        long start = System.nanoTime();
        control.log().append(Map.of("event", "checkpoint"));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(30).toNanos(), "well before HDFS's own lease limits");

        List<Map<String, Object>> events = control.log().read();
        assertEquals(List.of("start", "checkpoint"), events.stream().map(e -> e.get("event")).toList());
        String text = new String(control.read(control.log().path()).orElseThrow(), StandardCharsets.UTF_8);
        assertTrue(text.contains("{\"event\":\"CHE\n"), "the half line is kept and ended: " + text);
        assertEquals(List.of("log"), names(), "the dead appender's lock is gone");
    }

    /**
     * What {@link #concurrentUpdatesLoseNothing} checks for threads, for processes (other hosts'
     * clients, as the launcher's commands are) beside a thread of this one, while a reader reads
     * on: every read is a whole index, and none lacks an entry that an earlier read had.
     */
    @Test
    void updatesFromTwoProcessesAndAThreadLoseNothingAndAReaderNeverSeesAPartialIndex() throws Exception {
        int each = 5;
        // ~100 KB of entries: the index spans many HDFS packets, so a torn read could not go unseen.
        Index seeded = control.index().update(i -> {
            Index x = i;
            for (long id = 1; id <= 400; id++) {
                x = x.with(IndexWriterMain.entry(id, "seed"));
            }
            return x;
        });
        long size = fs.getFileStatus(control.index().path()).getLen();
        assertTrue(size > 64 * 1024, "the index is " + size + " bytes");

        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger reads = new AtomicInteger();
        Thread reader = new Thread(() -> {
            Set<Long> last = seeded.entries().keySet();
            try (FileSystem own = FileSystem.newInstance(control.prefix().toUri(), conf())) {
                ControlDirectory mine = new ControlDirectory(own, control.prefix());
                while (writing.get()) {
                    Index now = mine.index().read();
                    reads.incrementAndGet();
                    if (!now.entries().keySet().containsAll(last)) {
                        TreeSet<Long> lost = new TreeSet<>(last);
                        lost.removeAll(now.entries().keySet());
                        problems.add("read #" + reads.get() + " lacks " + lost);
                    }
                    last = now.entries().keySet();
                }
            } catch (IOException | RuntimeException e) {
                problems.add("read #" + (reads.get() + 1) + " failed: " + e);
            }
        }, "index-reader");
        reader.start();
        try (RankProcesses children = RankProcesses.of(IndexWriterMain.class, List.of("hostA", "hostB"))
                .args(control.prefix().toUri().toString(), Integer.toString(each))
                .jvmOptions("-Dlog4j.configuration=log4j-ranks.properties").start()) {
            try (FileSystem own = FileSystem.newInstance(control.prefix().toUri(), conf())) {
                ControlDirectory mine = new ControlDirectory(own, control.prefix());
                for (long id = IndexWriterMain.firstId(2); id < IndexWriterMain.firstId(2) + each; id++) {
                    IndexEntry e = IndexWriterMain.entry(id, "thread");
                    mine.index().update(i -> i.with(e).withCurrent(OptionalLong.of(e.id())));
                }
            }
            assertEquals(List.of(0, 0), children.waitForAll(Duration.ofSeconds(120)), children.output(0) + "\n" + children.output(1));
            for (int r = 0; r < 2; r++) {
                assertTrue(children.lines(r).contains("WROTE " + each), children.output(r));
            }
        } finally {
            writing.set(false);
            reader.join(60_000);
        }
        assertFalse(reader.isAlive(), "the reader ended");
        assertEquals(List.of(), problems, "after " + reads.get() + " reads");
        assertTrue(reads.get() > 1, "the reader read while the writers wrote: " + reads.get() + " reads");

        TreeSet<Long> expected = new TreeSet<>(seeded.entries().keySet());
        for (int w = 0; w < 3; w++) {
            for (long id = IndexWriterMain.firstId(w); id < IndexWriterMain.firstId(w) + each; id++) {
                expected.add(id);
            }
        }
        Index result = control.index().read();
        assertEquals(expected, new TreeSet<>(result.entries().keySet()), "no update lost");
        assertTrue(result.current().isPresent() && result.current().getAsLong() > 1000, result.current().toString());
        assertEquals(List.of("index"), names(), "no lock or temporary copy left");
    }

    /** What ControlDirectoryTest checks on the local file system, on HDFS, with the lock the killed writer held. */
    @Test
    void aWriterKilledBetweenWritingAndRenamingLeavesTheOldIndexAndItsLockIsBrokenAtOnce() throws Exception {
        Index old = control.index().update(i -> i.with(checkpoint(1, true)).withCurrent(OptionalLong.of(1)));
        org.apache.hadoop.fs.Path index = control.index().path();
        byte[] oldBytes = control.read(index).orElseThrow();

        long pid;
        try (RankProcesses child = RankProcesses.of(IndexWriterMain.class, List.of("hostA"))
                .args(control.prefix().toUri().toString(), "1")
                .jvmOptions("-Dlog4j.configuration=log4j-ranks.properties",
                        "-D" + CrashPoints.PROPERTY + "=" + CrashPoints.CONTROL_REPLACE).start()) {
            assertEquals(CrashPoints.STATUS, child.waitFor(0, Duration.ofSeconds(120)), child.output(0));
            pid = child.pid(0);
        }

        assertArrayEquals(oldBytes, control.read(index).orElseThrow(), "the index on HDFS is the old one, byte for byte");
        assertEquals(old, control.index().read());
        List<String> temps = names().stream().filter(n -> n.startsWith("index.scr4j-tmp-")).toList();
        assertEquals(1, temps.size(), "the killed writer's temporary copy: " + names());
        Index written = IndexFile.decode(control.read(new org.apache.hadoop.fs.Path(control.path(), temps.get(0))).orElseThrow(),
                control.path());
        assertEquals(List.of(1L, IndexWriterMain.firstId(0)), List.copyOf(written.entries().keySet()),
                "the new index was whole, only never renamed into place");
        org.apache.hadoop.fs.Path lock = new org.apache.hadoop.fs.Path(control.path(), "index.lock");
        String holder = new String(control.read(lock).orElseThrow(), StandardCharsets.UTF_8);
        assertTrue(holder.contains(":" + pid + "\""), "the dead writer still holds the lock: " + holder);

        // Its process is gone, so the next writer breaks its lock at once (not after the 120 s lease) and loses nothing.
        long start = System.nanoTime();
        Index next = control.index().update(i -> i.with(checkpoint(2, false)));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos(), "the dead writer's lock was broken quickly");
        assertEquals(List.of(1L, 2L), List.copyOf(next.entries().keySet()));
        assertEquals(next, control.index().read());
        assertFalse(fs.exists(lock));
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
