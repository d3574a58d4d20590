package org.scr4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.io.FileUtils;
import org.scr4j.testing.RankProcesses;

/**
 * A job of {@link SecurityApp} ranks, one JVM each, on simulated nodes node0..nodeN-1: a RAM
 * tier under /dev/shm and an SSD tier below it, a directory per node, and a prefix. Each step is
 * a fresh set of JVMs, as a relaunch would be, so whatever a test plants between steps is there
 * when the library opens its cache again.
 */
final class SecureJob implements AutoCloseable {
    private static final Duration STEP = Duration.ofSeconds(120);

    final Path dir;
    final Path shm;
    final Path prefix;
    private final Path conf;
    private final int ranks;

    SecureJob(Path dir, int ranks, String... confLines) throws IOException {
        this.dir = dir;
        this.ranks = ranks;
        this.shm = Files.createTempDirectory(Path.of("/dev/shm"), "scr4j-security-");
        this.prefix = dir.resolve("prefix");
        this.conf = dir.resolve("job.conf");
        List<String> lines = new ArrayList<>();
        lines.add("STORE=" + shm + "/ram/${node} NAME=ram TYPE=ramdisk COUNT=2");
        lines.add("STORE=" + dir + "/ssd/${node} NAME=ssd TYPE=ssd COUNT=2");
        lines.add("SCR_PREFIX=" + prefix);
        lines.add("SCR_JOB_ID=security");
        lines.add("SCR_CHECKPOINT_INTERVAL=1");
        lines.addAll(List.of(confLines));
        Files.write(conf, lines);
    }

    /** Runs one step to its end; every rank must exit 0. Returns each rank's output. */
    List<String> run(String... args) throws Exception {
        List<String> nodes = new ArrayList<>();
        for (int r = 0; r < ranks; r++) {
            nodes.add("node" + r);
        }
        try (RankProcesses step = RankProcesses.of(SecurityApp.class, nodes).args(args)
                .jvmOptions("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dlog4j.configuration=log4j-ranks.properties")
                .env("SCR_CONF_FILE", conf.toString()).start()) {
            List<Integer> codes = step.waitForAll(STEP);
            List<String> outputs = new ArrayList<>();
            for (int r = 0; r < ranks; r++) {
                outputs.add(step.output(r));
                // For the test's report: what each rank said, whatever the test then checks.
                System.out.println("--- '" + String.join(" ", args) + "', rank " + r + " ---\n" + outputs.get(r));
            }
            for (int r = 0; r < ranks; r++) {
                assertEquals(0, codes.get(r), "rank " + r + " of '" + String.join(" ", args) + "' failed:\n" + outputs.get(r));
            }
            return outputs;
        }
    }

    /** Rank r's directory of dataset {@code id} on tier "ram" or "ssd" (rank r runs on node r). */
    Path part(String tier, long id, int rank) {
        Path base = tier.equals("ram") ? shm.resolve("ram") : dir.resolve("ssd");
        return base.resolve("node" + rank).resolve("dataset." + id + ".rank." + rank);
    }

    /** Rank r's state file of dataset {@code id} in the cache. */
    Path cached(String tier, long id, int rank) {
        return part(tier, id, rank).resolve("files").resolve(SecurityApp.file(rank));
    }

    @Override
    public void close() throws IOException {
        FileUtils.deleteDirectory(shm.toFile());
    }
}
