package org.scr4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.scr4j.testing.RankProcesses;
import org.scr4j.tier.local.TmpfsMount;

/**
 * A job of {@link ResourceApp} ranks on two simulated nodes whose RAM tier is a small tmpfs of its
 * own per node (mounted at {@code ram/NODE}, the tier in {@code ram/NODE/scr4j}), so a full or
 * read-only RAM disk is the kernel's. With {@code ssd}, a second, slower tier on the test's disk
 * follows it in scr.tiers. Each step is a fresh set of JVMs, as a relaunch would be. Mounting
 * needs root; {@link #close()} undoes every mount and attribute, whatever failed before.
 */
final class ResourceJob implements AutoCloseable {
    static final List<String> NODES = List.of("node0", "node1");
    static final Duration STEP = Duration.ofSeconds(120);

    final Path dir;
    final Path conf;
    final Path signals;
    private final boolean ssd;
    private final Map<String, TmpfsMount> mounts = new LinkedHashMap<>();
    private final List<Path> immutable = new ArrayList<>();

    private ResourceJob(Path dir, boolean ssd) throws IOException {
        this.dir = dir;
        this.ssd = ssd;
        this.conf = dir.resolve("job.xml");
        this.signals = Files.createDirectories(dir.resolve("signals"));
    }

    /** A job whose tiers are plain directories of the test's disk: for faults elsewhere (the prefix). */
    static ResourceJob onDisk(Path dir, Map<String, String> settings) throws IOException {
        ResourceJob job = new ResourceJob(dir, false);
        job.configure(settings);
        return job;
    }

    /**
     * Mounts a tmpfs of {@code ramSize} (such as "2m") per node and writes the job's configuration:
     * the tiers, a local prefix, and {@code settings} over them. Empty when this machine cannot
     * mount (not root).
     */
    static Optional<ResourceJob> start(Path dir, String ramSize, boolean ssd, Map<String, String> settings) throws IOException {
        ResourceJob job = new ResourceJob(dir, ssd);
        try {
            for (String node : NODES) {
                Optional<TmpfsMount> mount = TmpfsMount.tryMount(dir.resolve("ram").resolve(node), "size=" + ramSize + ",mode=0700");
                if (mount.isEmpty()) {
                    job.close();
                    return Optional.empty();
                }
                job.mounts.put(node, mount.get());
            }
            job.configure(settings);
            return Optional.of(job);
        } catch (IOException | RuntimeException e) {
            job.close();
            throw e;
        }
    }

    /** (Re)writes the job's configuration file, as Hadoop XML so Hadoop's own keys can sit beside scr4j's. */
    void configure(Map<String, String> settings) throws IOException {
        Map<String, String> all = new TreeMap<>();
        all.put("scr.job.id", "resources");
        all.put("scr.prefix", dir.resolve("prefix").toString());
        all.put("scr.tiers", ssd ? "ram,ssd" : "ram");
        all.put("scr.tier.ram.type", "ramdisk");
        all.put("scr.tier.ram.base", dir.resolve("ram") + "/${node}/scr4j");
        all.put("scr.tier.ram.count", "2");
        if (ssd) {
            all.put("scr.tier.ssd.type", "ssd");
            all.put("scr.tier.ssd.base", dir.resolve("ssd") + "/${node}/scr4j");
            all.put("scr.tier.ssd.count", "2");
        }
        all.put("scr.ckpt.0.interval", "1");
        all.put("scr.ckpt.0.store", "ram");
        all.put("scr.ckpt.0.type", "PARTNER");
        all.put("scr.flush", "0");
        all.putAll(settings);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<configuration>\n");
        all.forEach((k, v) -> xml.append("  <property><name>").append(k).append("</name><value>").append(v)
                .append("</value></property>\n"));
        xml.append("</configuration>\n");
        Files.writeString(conf, xml);
    }

    /** The directory of a node's tier ("ram" or "ssd"). */
    Path tierBase(String tier, String node) {
        return dir.resolve(tier).resolve(node).resolve("scr4j");
    }

    RankProcesses.Launch launch(String... steps) {
        return RankProcesses.of(ResourceApp.class, NODES).args(steps)
                // Short-lived ranks on a shared machine: the quick compiler and one GC thread spare its cores.
                .jvmOptions("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dlog4j.configuration=log4j-ranks.properties")
                .env("SCR_CONF_FILE", conf.toString()).env("SCR4J_TEST_SIGNALS", signals.toString());
    }

    /** Runs one step of the job to its end; every rank must exit 0. Returns each rank's output. */
    List<String> run(String... steps) throws Exception {
        try (RankProcesses ranks = launch(steps).start()) {
            return finish(ranks);
        }
    }

    /** Waits for a started step; every rank must exit 0. Returns each rank's output. */
    static List<String> finish(RankProcesses ranks) throws InterruptedException {
        List<Integer> codes = ranks.waitForAll(STEP);
        List<String> outputs = new ArrayList<>();
        for (int r = 0; r < ranks.size(); r++) {
            outputs.add(ranks.output(r));
            assertEquals(0, codes.get(r), "rank " + r + " failed:\n" + ranks.output(r));
        }
        return outputs;
    }

    /** Lets a waiting rank go on ("go.C" after a pause, or an await step's name). */
    void signal(String name) throws IOException {
        Files.writeString(signals.resolve(name), "");
    }

    /** Another job's data fills the node's RAM disk to the last byte. Returns the bytes it took. */
    long fill(String node) throws IOException {
        Path ballast = mounts.get(node).path().resolve("ballast");
        long written = 0;
        byte[] page = new byte[4096];
        try (OutputStream out = Files.newOutputStream(ballast)) {
            while (true) {
                out.write(page);
                written += page.length;
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left on device")) {
                throw full;
            }
        }
        assertEquals(0, Files.getFileStore(ballast).getUsableSpace(), node + "'s RAM disk is full");
        return written;
    }

    /** The other job's data is gone again. */
    void unfill(String node) throws IOException {
        Files.deleteIfExists(mounts.get(node).path().resolve("ballast"));
    }

    /** The node's RAM disk turns read-only under the job, as after an error the kernel remounts it so. */
    void remount(String node, String mode) throws IOException {
        sh("mount", "-o", "remount," + mode, mounts.get(node).path().toString());
    }

    /** chattr +i: not even root may create or delete entries in the directory any more. */
    void makeImmutable(Path directory) throws IOException {
        sh("chattr", "+i", directory.toString());
        immutable.add(directory);
    }

    void makeMutable(Path directory) throws IOException {
        sh("chattr", "-i", directory.toString());
        immutable.remove(directory);
    }

    /**
     * Where dataset {@code id}'s parts are: for each node, the tiers holding rank directories
     * of it ({@code node:tier}); a part on two tiers of one node shows as two entries.
     */
    TreeSet<String> placement(long id) throws IOException {
        TreeSet<String> where = new TreeSet<>();
        for (String node : NODES) {
            for (String tier : ssd ? List.of("ram", "ssd") : List.of("ram")) {
                Path base = tierBase(tier, node);
                if (!Files.isDirectory(base)) {
                    continue;
                }
                try (Stream<Path> parts = Files.list(base)) {
                    if (parts.anyMatch(p -> p.getFileName().toString().startsWith("dataset." + id + ".rank."))) {
                        where.add(node + ":" + tier);
                    }
                }
            }
        }
        return where;
    }

    /** Every mount and attribute undone, even after a failure; the first problem is thrown at the end. */
    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Path p : List.copyOf(immutable)) {
            try {
                makeMutable(p);
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        for (TmpfsMount m : mounts.values()) {
            try {
                m.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        mounts.clear();
        if (first != null) {
            throw first;
        }
    }

    private static void sh(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", command) + " was interrupted", e);
        }
    }
}
