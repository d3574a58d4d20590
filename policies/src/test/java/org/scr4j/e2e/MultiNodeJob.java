package org.scr4j.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.commons.io.FileUtils;
import org.scr4j.testing.RankProcesses;

/**
 * A job of {@link CheckpointApp} ranks on simulated nodes: its cache tiers live in a directory
 * per node (under /dev/shm for the RAM disk), so wiping a node's directory is losing that node.
 * Each step is a fresh set of JVMs, as a relaunch after a failure would be.
 */
final class MultiNodeJob implements AutoCloseable {
    static final Duration STEP = Duration.ofSeconds(120);

    final Path dir;
    final Path shm;
    final Path conf;
    final List<String> nodes;
    final long bytes;

    MultiNodeJob(Path dir, List<String> nodes, long bytes, String... confLines) throws IOException {
        this.dir = dir;
        this.shm = Files.createTempDirectory(Path.of("/dev/shm"), "scr4j-e2e-");
        this.nodes = List.copyOf(nodes);
        this.bytes = bytes;
        this.conf = dir.resolve("job.conf");
        configure(confLines);
    }

    /** Writes the job's configuration file: the two tiers, the prefix, and {@code confLines} (levels, flush). */
    void configure(String... confLines) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("STORE=" + shm + "/ram/${node} NAME=ram TYPE=ramdisk COUNT=2");
        lines.add("STORE=" + dir + "/ssd/${node} NAME=ssd TYPE=ssd COUNT=2");
        lines.add("SCR_PREFIX=" + dir.resolve("prefix"));
        lines.add("SCR_JOB_ID=e2e");
        lines.add("SCR_CHECKPOINT_INTERVAL=1");
        lines.addAll(List.of(confLines));
        Files.write(conf, lines);
    }

    /** Runs one step of the job to its end; every rank must exit 0. Returns each rank's output. */
    List<String> run(String... args) throws Exception {
        try (RankProcesses ranks = launch(args).start()) {
            List<Integer> codes = ranks.waitForAll(STEP);
            List<String> outputs = outputs(ranks);
            for (int r = 0; r < codes.size(); r++) {
                assertEquals(0, codes.get(r), "rank " + r + " failed:\n" + outputs.get(r));
            }
            return outputs;
        }
    }

    RankProcesses.Launch launch(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(1, Long.toString(bytes));
        return RankProcesses.of(CheckpointApp.class, nodes).args(all.toArray(String[]::new)).jvmOptions("-Xmx256m", "-Dlog4j.configuration=log4j-ranks.properties")
                .env("SCR_CONF_FILE", conf.toString());
    }

    static List<String> outputs(RankProcesses ranks) {
        List<String> outputs = new ArrayList<>();
        for (int r = 0; r < ranks.size(); r++) {
            outputs.add(ranks.output(r));
        }
        return outputs;
    }

    /** Every rank restarted from {@code name} and found every byte it wrote. */
    static void assertRestartedFrom(String name, List<String> outputs) {
        for (int r = 0; r < outputs.size(); r++) {
            assertTrue(outputs.get(r).contains("RESTARTED " + name + " OK"), "rank " + r + " did not restart from " + name
                    + " with identical bytes:\n" + outputs.get(r));
        }
    }

    /** The nodes lose their caches (every tier), as a replaced node would. */
    void wipe(Collection<String> lostNodes) throws IOException {
        for (String node : lostNodes) {
            FileUtils.deleteDirectory(shm.resolve("ram").resolve(node).toFile());
            FileUtils.deleteDirectory(dir.resolve("ssd").resolve(node).toFile());
        }
    }

    @Override
    public void close() throws IOException {
        FileUtils.deleteDirectory(shm.toFile());
    }
}
