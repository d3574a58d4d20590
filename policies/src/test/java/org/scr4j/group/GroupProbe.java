package org.scr4j.group;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.CRC32C;
import org.scr4j.conf.ConfigLoader;
import org.scr4j.conf.ScrConfig;
import org.scr4j.group.net.JobGroups;

/**
 * One rank of a test job (see {@link JobGroupTest}): joins the job group its environment
 * describes, plays the scenario named by its first argument, and prints what it saw. Exits 0
 * when the scenario ran as it should, 3 after printing "GroupException: message", 1 otherwise.
 */
public final class GroupProbe {
    private static final int MIB = 1 << 20;

    private GroupProbe() {
    }

    public static void main(String[] args) throws Exception {
        ScrConfig config = ConfigLoader.fromEnvironment().load(Map.of());
        Group group;
        try {
            group = JobGroups.fromEnvironment(config, System.getenv());
        } catch (GroupException e) {
            print("GroupException: " + e.getMessage());
            System.exit(3);
            return;
        }
        print("joined " + group);
        try {
            switch (args[0]) {
                case "collectives" -> collectives(group);
                case "p2p" -> pointToPoint(group, Integer.parseInt(args[1]));
                case "backpressure" -> backPressure(group, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
                case "wait" -> waitOnVictim(group, Integer.parseInt(args[1]));
                case "abandon" -> abandon(group);
                case "two-exchanges" -> twoExchanges(group);
                case "leave" -> leaveEarly(group, Integer.parseInt(args[1]));
                case "rogue" -> rogue(group);
                case "throughput" -> throughput(group, Integer.parseInt(args[1]));
                default -> throw new IllegalArgumentException("no scenario " + args[0]);
            }
        } catch (GroupException e) {
            print("GroupException: " + e.getMessage());
            group.close();
            System.exit(3);
        } catch (Throwable t) {
            t.printStackTrace(System.out);
            System.out.flush();
            System.exit(1);
        }
        group.close();
        group.close();
        print("closed");
        // No System.exit: the JVM ending on its own shows the group left no thread running.
    }

    static void print(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** Every collective, with answers each rank prints; then many rounds of values of many sizes, checked byte for byte. */
    private static void collectives(Group g) {
        print("allGather " + String.join(",", g.allGather("r" + g.rank() + "@" + g.node())));
        print("broadcast " + g.broadcast("from rank " + g.rank()));
        print("min " + g.min(100 - 7L * g.rank()));
        print("max " + g.max(10L * g.rank()));
        print("sum " + g.sum(g.rank() + 1));
        print("allTrue " + g.allTrue(true) + " " + g.allTrue(g.rank() != 2));
        print("anyTrue " + g.anyTrue(g.rank() == g.size() - 1) + " " + g.anyTrue(false));
        for (int round = 0; round < 100; round++) {
            int length = round % 25 == 0 ? MIB : round * 37;
            List<byte[]> all = g.allGather(pattern(g.rank(), round, length));
            for (int r = 0; r < g.size(); r++) {
                if (!Arrays.equals(all.get(r), pattern(r, round, length))) {
                    throw new AssertionError("round " + round + ": rank " + r + "'s value arrived changed");
                }
            }
        }
        print("rounds ok");
    }

    private static byte[] pattern(int rank, int round, int length) {
        byte[] bytes = new byte[length];
        new ProbeData(rank * 1000L + round).next(ByteBuffer.wrap(bytes));
        return bytes;
    }

    /**
     * Every rank sends {@code mib} MiB to every other rank twice at once, by send() in one exchange
     * and by sendFile() in another; receivers compare each stream's CRC32C with the sender's.
     */
    private static void pointToPoint(Group g, int mib) throws Exception {
        long bytes = (long) mib * MIB;
        Path file = Path.of(System.getenv("PROBE_DIR")).resolve("rank" + g.rank() + ".data");
        // Rank p gets the region from p MiB on, so every receiver's bytes differ.
        ProbeData.writeFile(file, 1000 + g.rank(), bytes + (long) g.size() * MIB);
        Exchange viaSend = g.exchange();
        Exchange viaFile = g.exchange();
        Map<String, Long> sent = new ConcurrentHashMap<>();
        Map<String, Long> received = new ConcurrentHashMap<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int peer = 0; peer < g.size(); peer++) {
            if (peer == g.rank()) {
                continue;
            }
            int p = peer;
            String out = g.rank() + ">" + p;
            String in = p + ">" + g.rank();
            threads.add(start(failures, () -> sent.put("send " + out, sendStream(viaSend, p, seed(g.rank(), p), bytes))));
            threads.add(start(failures, () -> {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    viaFile.sendFile(p, channel, (long) p * MIB, bytes);
                }
                sent.put("file " + out, ProbeData.crc(file, (long) p * MIB, bytes));
            }));
            threads.add(start(failures, () -> received.put("send " + in, receiveStream(viaSend, p, bytes, 0))));
            threads.add(start(failures, () -> received.put("file " + in, receiveStream(viaFile, p, bytes, 0))));
        }
        joinAll(threads, failures);
        viaSend.close();
        viaFile.close();
        Files.delete(file);
        compare(g, sent, received);
        print("p2p ok: " + received.size() + " streams of " + mib + " MiB");
    }

    /**
     * Rank 0 sends 64 MiB in a first exchange and 1 MiB in a second, both open at once; rank 1
     * reads the second before the first. The first's unread 64 MiB (far above what a receiver
     * buffers) must not hold back the second: each exchange flows on its own.
     */
    private static void twoExchanges(Group g) throws Exception {
        try (Exchange first = g.exchange(); Exchange second = g.exchange()) {
            long big = 64L * MIB;
            long small = MIB;
            if (g.rank() == 0) {
                // Two sending threads, as a scheme has: one waits on the first exchange while the other's data flows.
                long[] crc = new long[2];
                List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
                joinAll(List.of(start(failures, () -> crc[0] = sendStream(first, 1, seed(0, 1), big)),
                        start(failures, () -> {
                            // Late, so the first exchange's unread bytes fill the receiver's buffer and the pipe before it.
                            Thread.sleep(1000);
                            crc[1] = sendStream(second, 1, seed(1, 0), small);
                        })), failures);
                g.allGather(crc[0] + " " + crc[1]);
            } else {
                long b = receiveStream(second, 0, small, 0);
                long a = receiveStream(first, 0, big, 0);
                String sent = g.allGather("").get(0);
                if (!sent.equals(a + " " + b)) {
                    throw new AssertionError("CRC32C sent " + sent + ", received " + a + " " + b);
                }
            }
        }
        print("two-exchanges ok");
    }

    private static long seed(int from, int to) {
        return 31L * from + to;
    }

    /** Sends {@code bytes} of the stream from {@code seed} in messages of MAX_MESSAGE; returns their CRC32C. */
    private static long sendStream(Exchange ex, int to, long seed, long bytes) {
        ProbeData data = new ProbeData(seed);
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocateDirect(Exchange.MAX_MESSAGE);
        for (long done = 0; done < bytes; ) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), bytes - done));
            data.next(buffer);
            crc.update(buffer.duplicate());
            done += buffer.remaining();
            ex.send(to, buffer);
        }
        return crc.getValue();
    }

    /** Receives {@code bytes} from rank {@code from}, pausing {@code delayMillis} after each message; returns their CRC32C. */
    private static long receiveStream(Exchange ex, int from, long bytes, long delayMillis) throws InterruptedException {
        CRC32C crc = new CRC32C();
        for (long done = 0; done < bytes; ) {
            try (Exchange.Message m = ex.receive(from)) {
                int n = m.data().remaining();
                if (n > Exchange.MAX_MESSAGE || n == 0) {
                    throw new AssertionError("a message of " + n + " bytes from rank " + from);
                }
                crc.update(m.data());
                done += n;
                if (done > bytes) {
                    throw new AssertionError("rank " + from + " sent " + done + " bytes, more than " + bytes);
                }
            }
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
        }
        return crc.getValue();
    }

    /** Each receiver's CRC32C of each stream must equal what its sender computed over the bytes it sent. */
    private static void compare(Group g, Map<String, Long> sent, Map<String, Long> received) {
        Map<String, Long> all = new TreeMap<>();
        for (String line : g.allGather(String.join("\n", sent.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()))) {
            for (String entry : line.split("\n")) {
                if (!entry.isEmpty()) {
                    String[] kv = entry.split("=");
                    all.put(kv[0], Long.parseLong(kv[1]));
                }
            }
        }
        for (Map.Entry<String, Long> e : received.entrySet()) {
            if (!e.getValue().equals(all.get(e.getKey()))) {
                throw new AssertionError("stream " + e.getKey() + ": CRC32C " + Long.toHexString(e.getValue()) + " received, "
                        + (all.get(e.getKey()) == null ? "none" : Long.toHexString(all.get(e.getKey()))) + " sent");
            }
        }
    }

    /** Rank 0 sends {@code mib} MiB to rank 1, which takes {@code delayMillis} over each message; both print their peak memory. */
    private static void backPressure(Group g, int mib, int delayMillis) throws Exception {
        MemoryPeaks peaks = MemoryPeaks.start();
        Exchange ex = g.exchange();
        Map<String, Long> sent = new TreeMap<>();
        Map<String, Long> received = new TreeMap<>();
        if (g.rank() == 0) {
            sent.put("0>1", sendStream(ex, 1, 7, (long) mib * MIB));
        } else if (g.rank() == 1) {
            received.put("0>1", receiveStream(ex, 0, (long) mib * MIB, delayMillis));
        }
        ex.close();
        peaks.stop();
        compare(g, sent, received);
        print("peak " + peaks);
        print("backpressure ok");
    }

    /**
     * Rank {@code victim} idles (the test kills or stops it); the others wait on it: one in a
     * collective, one in a receive from it, one in sends to it. Each must end with a
     * GroupException.
     */
    private static void waitOnVictim(Group g, int victim) throws Exception {
        Exchange ex = g.exchange();
        g.barrier();
        switch (Math.floorMod(g.rank() - victim, g.size())) {
            case 0 -> {
                print("victim waiting");
                Thread.sleep(120_000);
                throw new AssertionError("the victim was not killed");
            }
            case 1 -> {
                print("waiting in barrier");
                g.barrier();
            }
            case 2 -> {
                print("waiting in receive");
                ex.receive(victim).close();
            }
            default -> {
                print("waiting in send");
                ByteBuffer buffer = ByteBuffer.allocateDirect(Exchange.MAX_MESSAGE);
                for (int i = 0; i < 1024; i++) {
                    ex.send(victim, buffer.clear());
                }
            }
        }
        throw new AssertionError("the wait on rank " + victim + " ended without a GroupException");
    }

    /**
     * Rank 0 abandons an exchange while rank 1 waits to receive from it and rank 2 sends a file to
     * it; the group goes on, and rank 2's connection to rank 0 still carries the next exchange.
     */
    private static void abandon(Group g) throws Exception {
        Path file = Path.of(System.getenv("PROBE_DIR")).resolve("abandon" + g.rank() + ".data");
        if (g.rank() == 2) {
            ProbeData.writeFile(file, 9, 16L * MIB);
        }
        Exchange ex = g.exchange();
        g.barrier();
        if (g.rank() == 0) {
            Thread.sleep(1500);
            ex.abandon("disk full");
            try {
                ex.receive(1).close();
                throw new AssertionError("rank 0's own receive went on after it abandoned the exchange");
            } catch (GroupException e) {
                print("own receive: " + e.getMessage());
            }
        } else if (g.rank() == 1) {
            try {
                ex.receive(0).close();
                throw new AssertionError("rank 1 received from an exchange rank 0 abandoned");
            } catch (GroupException e) {
                print("receive: " + e.getMessage());
            }
        } else {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                for (int i = 0; i < 16; i++) {
                    ex.sendFile(0, channel, 0, channel.size());
                }
                throw new AssertionError("rank 2 sent 256 MiB to a rank that does not read");
            } catch (GroupException e) {
                print("send: " + e.getMessage());
            }
            Files.delete(file);
        }
        ex.close();
        g.barrier();
        if (g.rank() != 2) {
            // Rank 2's next message arrives before this rank opens the exchange: it must wait for it, not be lost.
            Thread.sleep(500);
        }
        try (Exchange next = g.exchange()) {
            if (g.rank() == 2) {
                next.send(0, ByteBuffer.wrap("after the abandoned exchange".getBytes(StandardCharsets.UTF_8)));
                next.send(1, ByteBuffer.wrap("after the abandoned exchange".getBytes(StandardCharsets.UTF_8)));
            } else {
                try (Exchange.Message m = next.receive(2)) {
                    print("next exchange: " + StandardCharsets.UTF_8.decode(m.data()));
                }
            }
        }
        g.barrier();
        print("abandon ok");
    }

    /** Rank {@code leaver} closes the group after the first barrier; the others' next collective must fail at once. */
    private static void leaveEarly(Group g, int leaver) {
        g.barrier();
        if (g.rank() == leaver) {
            g.close();
            print("left");
            return;
        }
        g.barrier();
        throw new AssertionError("a barrier completed without rank " + leaver);
    }

    /** Prints where this rank's data server listens, waits while the test plays a rogue, then proves the group still works. */
    private static void rogue(Group g) throws Exception {
        String text = g.toString();
        print("data " + text.substring(text.indexOf("data ") + 5, text.lastIndexOf(')')));
        Path go = Path.of(System.getenv("PROBE_GO"));
        for (long deadline = System.nanoTime() + 60_000_000_000L; !Files.exists(go); Thread.sleep(20)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the test never said go");
            }
        }
        if (g.sum(g.rank() + 1) != 3 || !g.broadcast("zero " + g.rank()).equals("zero 0")) {
            throw new AssertionError("collectives went wrong after the rogue's visit");
        }
        Map<String, Long> sent = new TreeMap<>();
        Map<String, Long> received = new TreeMap<>();
        try (Exchange ex = g.exchange()) {
            if (g.rank() == 0) {
                sent.put("0>1", sendStream(ex, 1, 11, 8L * MIB));
            } else {
                received.put("0>1", receiveStream(ex, 0, 8L * MIB, 0));
            }
        }
        compare(g, sent, received);
        print("rogue ok");
    }

    /** Rank 0 streams {@code mib} MiB to rank 1 by send(), then by sendFile(); rank 1 prints the rates. Run by hand, not a test. */
    private static void throughput(Group g, int mib) throws Exception {
        int messages = mib / 4;
        Path file = Path.of(System.getenv("PROBE_DIR")).resolve("throughput.data");
        if (g.rank() == 0) {
            ProbeData.writeFile(file, 5, 256L * MIB);
        }
        try (Exchange ex = g.exchange()) {
            g.barrier();
            long start = System.nanoTime();
            long cpu = cpuNanos();
            if (g.rank() == 0) {
                ByteBuffer buffer = new ProbeData(3).next(ByteBuffer.allocateDirect(Exchange.MAX_MESSAGE));
                for (int i = 0; i < messages; i++) {
                    ex.send(1, buffer.clear());
                }
            } else {
                for (int i = 0; i < messages; i++) {
                    ex.receive(0).close();
                }
                print(rate("send", (long) messages * Exchange.MAX_MESSAGE, start));
            }
            g.barrier();
            print(String.format("send: rank %d used %.2f s of CPU", g.rank(), (cpuNanos() - cpu) / 1e9));
        }
        try (Exchange ex = g.exchange()) {
            int rounds = Math.max(1, mib / 256);
            g.barrier();
            long start = System.nanoTime();
            long cpu = cpuNanos();
            if (g.rank() == 0) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    for (int i = 0; i < rounds; i++) {
                        ex.sendFile(1, channel, 0, channel.size());
                    }
                }
            } else {
                for (int i = 0; i < rounds * 64; i++) {
                    ex.receive(0).close();
                }
                print(rate("sendFile", rounds * 256L * MIB, start));
            }
            g.barrier();
            print(String.format("sendFile: rank %d used %.2f s of CPU", g.rank(), (cpuNanos() - cpu) / 1e9));
        }
        if (g.rank() == 0) {
            Files.delete(file);
        }
    }

    /** CPU time of this whole process, every thread, user and system. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String rate(String how, long bytes, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return String.format("%s: %d MiB in %.3f s = %.2f GB/s", how, bytes / MIB, seconds, bytes / seconds / 1e9);
    }

    private interface Body {
        void run() throws Exception;
    }

    private static Thread start(List<Throwable> failures, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failures.add(e);
            }
        });
        t.start();
        return t;
    }

    private static void joinAll(List<Thread> threads, List<Throwable> failures) throws Exception {
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            Throwable first = failures.get(0);
            failures.stream().skip(1).forEach(first::addSuppressed);
            if (first instanceof Exception e) {
                throw e;
            }
            throw (Error) first;
        }
    }

    /**
     * The most heap and direct memory this JVM used while it ran, sampled every 5 ms. Direct memory
     * is the JDK's count of ByteBuffer.allocateDirect, which Netty's pool uses too unless it
     * allocates without cleaners; then Netty's own count is added.
     */
    private static final class MemoryPeaks {
        private final Thread sampler;
        private volatile boolean running = true;
        private long heap;
        private long direct;

        private MemoryPeaks() {
            BufferPoolMXBean jdk = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                    .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
            sampler = new Thread(() -> {
                while (running) {
                    long netty = PlatformDependent.useDirectBufferNoCleaner() ? PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory() : 0;
                    synchronized (this) {
                        heap = Math.max(heap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                        direct = Math.max(direct, jdk.getMemoryUsed() + netty);
                    }
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        // stop() ends the sampler by its flag; an interrupt ends it too.
                        return;
                    }
                }
            }, "memory-peaks");
            sampler.setDaemon(true);
        }

        static MemoryPeaks start() {
            MemoryPeaks peaks = new MemoryPeaks();
            peaks.sampler.start();
            return peaks;
        }

        void stop() throws InterruptedException {
            running = false;
            sampler.join();
        }

        @Override
        public synchronized String toString() {
            return "heapMiB=" + heap / MIB + " directMiB=" + direct / MIB;
        }
    }
}
