package org.scr4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.scr4j.testing.RankProcesses;

/**
 * Many jobs of {@link CorruptionApp} on the same simulated nodes, one rank per node: every job's
 * RAM-disk tier has the default layout {@code <base>/<user>/scr4j/<job>/<node>} under /dev/shm,
 * so the jobs' directories sit beside each other as on a shared node, and every job has a prefix
 * of its own. One step of rank processes runs a whole plan of jobs one after another; a job's
 * cache and prefix can be copied to a new job, which then holds the same checkpoints.
 */
final class CorruptionJobs implements AutoCloseable {
    private static final Duration STEP = Duration.ofMinutes(5);

    private final Path dir;
    private final Path shm;
    private final Path conf;
    private final List<String> nodes;
    private final long bytes;

    CorruptionJobs(Path dir, List<String> nodes, long bytes) throws IOException {
        this.dir = dir;
        this.shm = Files.createTempDirectory(Path.of("/dev/shm"), "scr4j-corrupt-");
        this.nodes = List.copyOf(nodes);
        this.bytes = bytes;
        this.conf = dir.resolve("job.conf");
        // SCR_JOB_ID, SCR_PREFIX and the level's scheme are set per job (see Plan).
        Files.write(conf, List.of("STORE=" + base() + " NAME=ram TYPE=ramdisk COUNT=2", "SCR_CHECKPOINT_INTERVAL=1",
                "CKPT=0 INTERVAL=1 STORE=ram TYPE=XOR SET_SIZE=4", "SCR_GROUP_TIMEOUT=60"));
    }

    /** The tier's configured base: scr4j adds /user/scr4j/job/node. */
    private Path base() {
        return shm.resolve("ram");
    }

    /** One rank per node. */
    int ranks() {
        return nodes.size();
    }

    Path tierDir(String job, int node) {
        return base().resolve(System.getProperty("user.name")).resolve("scr4j").resolve(job).resolve(nodes.get(node));
    }

    /** Rank r's directory of dataset {@code id} of a job (rank r runs on node r). */
    Path part(String job, long id, int rank) {
        return tierDir(job, rank).resolve("dataset." + id + ".rank." + rank);
    }

    Path file(String job, long id, int rank, String file) {
        return part(job, id, rank).resolve("files").resolve(file);
    }

    Path manifest(String job, long id, int rank) {
        return part(job, id, rank).resolve("manifest.json");
    }

    Path prefix(String job) {
        return dir.resolve("prefix").resolve(job);
    }

    /** What the jobs of one step do, in order: the job, its action, and its settings beyond job id and prefix. */
    final class Plan {
        private final Map<String, String> lines = new LinkedHashMap<>();

        Plan add(String job, String action, Map<String, String> settings) {
            StringBuilder kv = new StringBuilder("SCR_JOB_ID=" + job + " SCR_PREFIX=" + prefix(job));
            settings.forEach((k, v) -> kv.append(' ').append(k).append('=').append(v));
            lines.put(job, job + "\t" + action + "\t" + kv);
            return this;
        }

        /**
         * Runs the plan in one step of rank processes; every rank must exit 0. Returns each job's
         * output per rank, in rank order.
         */
        Map<String, List<String>> run() throws Exception {
            Path file = Files.write(Files.createTempFile(dir, "plan", ".txt"), lines.values());
            for (int attempt = 1; ; attempt++) {
                try (RankProcesses ranks = RankProcesses.of(CorruptionApp.class, nodes).args(Long.toString(bytes), file.toString())
                        .jvmOptions("-Xmx192m", "-Dlog4j.configuration=log4j-ranks.properties")
                        .env("SCR_CONF_FILE", conf.toString()).start()) {
                    List<Integer> codes = ranks.waitForAll(STEP);
                    // The free port picked for the rendezvous can be taken by another process before rank 0
                    // binds it (RankProcesses says so); no group formed then, so nothing ran: start again.
                    if (codes.get(0) != 0 && ranks.output(0).contains("Address already in use") && attempt < 3) {
                        System.out.println("rank 0 could not bind the rendezvous port, starting the step again");
                        continue;
                    }
                    return outputs(ranks, codes);
                }
            }
        }

        private Map<String, List<String>> outputs(RankProcesses ranks, List<Integer> codes) {
            for (int r = 0; r < codes.size(); r++) {
                assertEquals(0, codes.get(r), "rank " + r + " failed:\n" + ranks.output(r));
            }
            Map<String, List<String>> byJob = new LinkedHashMap<>();
            lines.keySet().forEach(job -> byJob.put(job, new ArrayList<>()));
            for (int r = 0; r < ranks.size(); r++) {
                Map<String, StringBuilder> mine = split(ranks.lines(r));
                for (String job : lines.keySet()) {
                    byJob.get(job).add(mine.getOrDefault(job, new StringBuilder()).toString());
                }
            }
            return byJob;
        }
    }

    Plan plan() {
        return new Plan();
    }

    /** A rank's lines between "JOB name" and "END name", by job. */
    private static Map<String, StringBuilder> split(List<String> lines) {
        Map<String, StringBuilder> byJob = new LinkedHashMap<>();
        StringBuilder current = null;
        for (String line : lines) {
            if (line.startsWith("JOB ")) {
                current = byJob.computeIfAbsent(line.substring(4), j -> new StringBuilder());
            } else if (line.startsWith("END ")) {
                current = null;
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        return byJob;
    }

    /** Gives job {@code to} the cache (on every node) and the prefix of job {@code from}, as they are now. */
    void copyJob(String from, String to) throws IOException {
        for (int n = 0; n < nodes.size(); n++) {
            copy(tierDir(from, n), tierDir(to, n));
        }
        copy(prefix(from), prefix(to));
    }

    /** Every node loses this job's cache, as after a failure of the whole job onto new nodes. */
    void wipeCache(String job) throws IOException {
        for (int n = 0; n < nodes.size(); n++) {
            FileUtils.deleteDirectory(tierDir(job, n).toFile());
        }
    }

    /** Copies a tree with its permissions (cache directories are 0700). */
    static void copy(Path from, Path to) throws IOException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(from)) {
            all = walk.sorted(Comparator.naturalOrder()).toList();
        }
        for (Path p : all) {
            Path target = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(target);
            } else {
                Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        for (Path p : all) {
            if (Files.isDirectory(p)) {
                Files.setPosixFilePermissions(to.resolve(from.relativize(p).toString()), Files.getPosixFilePermissions(p));
            }
        }
    }

    @Override
    public void close() throws IOException {
        FileUtils.deleteDirectory(shm.toFile());
    }
}
