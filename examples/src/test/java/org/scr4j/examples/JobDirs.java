package org.scr4j.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The directories of one simulated job on one simulated node: the prefix (the "parallel file
 * system", under the test's temporary directory) and the node's RAM disk under /dev/shm, which
 * holds the cache and the control directory. {@link #close} removes the /dev/shm part.
 */
final class JobDirs implements AutoCloseable {
    static final String NODE = "node0";

    final Path work;
    final Path prefix;
    final Path shm;
    final Path cache;
    final Path control;
    final String jobId;

    private JobDirs(Path work, Path shm, String jobId) throws IOException {
        this.work = Files.createDirectories(work);
        this.prefix = work.resolve("prefix");
        this.shm = shm;
        this.cache = shm.resolve("cache");
        this.control = shm.resolve("cntl");
        this.jobId = jobId;
        Files.createDirectories(cache);
        Files.createDirectories(control);
    }

    /** A job in {@code work}, with its node directories in a fresh /dev/shm/scr4j-test-UUID. */
    static JobDirs create(Path work, String jobId) throws IOException {
        return new JobDirs(work, Path.of("/dev/shm", "scr4j-test-" + UUID.randomUUID()), jobId);
    }

    /** The environment of the job's runs: its prefix, cache, control directory, node and job id, plus {@code extra}. */
    Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("SCR_PREFIX", prefix.toString());
        env.put("SCR_CACHE_BASE", cache.toString());
        env.put("SCR_CNTL_BASE", control.toString());
        env.put("SCR4J_NODE", NODE);
        env.put("SCR_JOB_ID", jobId);
        env.putAll(extra);
        return env;
    }

    /** The cache is gone, as after a reboot of the node; its control directory is kept. */
    void wipeCache() throws IOException {
        deleteTree(cache);
        Files.createDirectories(cache);
    }

    /** The node's RAM disk is gone: cache and control directory. */
    void wipeNode() throws IOException {
        deleteTree(shm);
        Files.createDirectories(cache);
        Files.createDirectories(control);
    }

    @Override
    public void close() throws IOException {
        deleteTree(shm);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
