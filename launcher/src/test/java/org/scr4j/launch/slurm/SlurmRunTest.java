package org.scr4j.launch.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.launch.Main;
import org.scr4j.launch.run.JavaCommand;
import org.scr4j.launch.run.RelaunchAppAccess;

/**
 * The scenario on a real Slurm 22.05 (scripts/slurm-local, 4 nodes on 127.0.0.1): inside
 * {@code salloc -N4 --no-kill}, `scr4j run --backend slurm` on 3 nodes plus 1 spare with XOR; n2
 * crashes mid-run (its slurmd and tasks killed, its cache wiped); the launcher relaunches on n1,
 * n4, n3, the step rebuilds n2's files on n4, and the job ends with the right checksums.
 */
class SlurmRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aCrashedNodeIsReplacedByTheSpareAndRebuilt() throws Exception {
        int bytes = 128 * 1024;
        int steps = 40;
        Path shm = Files.createTempDirectory(Path.of("/dev/shm"), "scr4j-slurm-");
        Path prefix = dir.resolve("prefix");
        Path conf = dir.resolve("job.conf");
        Files.write(conf, List.of("STORE=" + shm + "/ram NAME=ram TYPE=ramdisk COUNT=2", "CKPT=0 INTERVAL=1 STORE=ram TYPE=XOR",
                "SCR_PREFIX=" + prefix, "SCR_FLUSH=0", "SCR_CHECKPOINT_INTERVAL=1", "SCR_GROUP_TIMEOUT=5"));
        try (LocalSlurm slurm = LocalSlurm.start()) {
            slurm.allocate();
            List<String> run = new ArrayList<>(List.of("run", "--backend", "slurm", "--nodes", "3", "--spares", "1", "--runs", "3",
                    "--conf", conf.toString(), "--"));
            run.addAll(JavaCommand.of(List.of("-Xmx96m", "--add-modules=jdk.incubator.vector"), RelaunchAppAccess.MAIN,
                    List.of(Integer.toString(steps), Integer.toString(bytes), "250")));
            List<String> command = JavaCommand.of(List.of(), Main.class.getName(), run);
            Path out = dir.resolve("launcher.txt");
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            builder.environment().clear();
            builder.environment().putAll(slurm.jobEnv());
            Process launcher = builder.start();
            try {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                while (checkpoints(prefix) < 3) {
                    assertTrue(System.nanoTime() < deadline && launcher.isAlive(), () -> read(out));
                    Thread.sleep(200);
                }
                slurm.killNode("n2");
                wipe(shm, "n2");
                assertTrue(launcher.waitFor(5, TimeUnit.MINUTES), () -> "the launcher did not end:\n" + read(out));
                String text = read(out);
                assertEquals(0, launcher.exitValue(), text);
                assertTrue(text.contains("run 1: 3 rank(s) on n1,n2,n3; spares: n4"), text);
                assertTrue(text.contains("run 2: 3 rank(s) on n1,n4,n3; spares: none; down: n2"), text);
                for (int rank = 0; rank < 3; rank++) {
                    String line = "rank " + rank + " step " + steps + " checksum " + RelaunchAppAccess.expected(rank, bytes, steps);
                    assertTrue(text.contains(line), () -> "missing '" + line + "' in:\n" + text);
                }
                // Nothing was flushed (SCR_FLUSH=0): rank 1's state on n4 can only come from the rebuild.
                Matcher restarted = Pattern.compile("rank 1 restarted from ckpt\\.(\\d+)").matcher(text);
                assertTrue(restarted.find() && Integer.parseInt(restarted.group(1)) >= 3, text);
                List<Map<String, Object>> log = log(prefix);
                assertTrue(log.stream().anyMatch(e -> "rebuild".equals(e.get("event")) && "1".equals(e.get("lostRanks"))), log::toString);
                assertTrue(log.stream().anyMatch(e -> "failure".equals(e.get("event")) && "n2".equals(e.get("node"))), log::toString);
            } finally {
                if (launcher.isAlive()) {
                    launcher.descendants().forEach(ProcessHandle::destroyForcibly);
                    launcher.destroyForcibly().waitFor();
                }
            }
        } finally {
            delete(shm);
        }
    }

    /** A crashed node's RAM disk is gone: every directory of that node under the test's RAM tier. */
    private static void wipe(Path shm, String node) throws IOException {
        try (Stream<Path> walk = Files.walk(shm)) {
            for (Path p : walk.filter(p -> Files.isDirectory(p) && p.getFileName().toString().equals(node)).toList()) {
                delete(p);
            }
        }
    }

    private static void delete(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static long checkpoints(Path prefix) throws IOException {
        return log(prefix).stream().filter(e -> "checkpoint".equals(e.get("event"))).count();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> log(Path prefix) throws IOException {
        Path log = prefix.resolve(".scr4j/log");
        List<Map<String, Object>> events = new ArrayList<>();
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log)) {
                if (!line.isBlank()) {
                    events.add(JSON.readValue(line, Map.class));
                }
            }
        }
        return events;
    }
}
