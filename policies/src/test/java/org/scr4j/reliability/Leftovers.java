package org.scr4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.scr4j.erasure.Crc32c;

/**
 * Files in a job's cache that are not its own checkpoints: another job's, strays beside its parts
 * and inside them. Each planter returns what it planted, path to CRC32C, to be found untouched.
 */
final class Leftovers {
    private Leftovers() {
    }

    /**
     * Another job on the same nodes, beside {@code job}'s directories under the tier's base,
     * holding a newer checkpoint (ckpt.9, id 9) with valid manifests: a job that took it for its
     * own would restart from it.
     */
    static Map<Path, Long> anotherJob(CorruptionJobs jobs, String job) throws IOException {
        String other = job + "-other";
        jobs.copyJob(job, other);
        for (int rank = 0; rank < jobs.ranks(); rank++) {
            Path nine = jobs.part(other, 9, rank);
            Files.move(jobs.part(other, 2, rank), nine);
            Damage.editJson(nine.resolve("manifest.json"), m -> ((ObjectNode) m.get("dataset")).put("id", 9).put("name", "ckpt.9")
                    .put("checkpointId", 9));
        }
        return crcs(jobs.tierDir(other, 0).getParent());
    }

    /**
     * In the job's own tier directory on every node: a complete part of a rank this job does not
     * have (dataset.9.rank.R+4, its manifest and all) and a directory whose name is none of the
     * cache's ("scr.job42", holding a part).
     */
    static Map<Path, Long> foreignDirectories(CorruptionJobs jobs, String job) throws IOException {
        Map<Path, Long> planted = new TreeMap<>();
        for (int rank = 0; rank < jobs.ranks(); rank++) {
            Path tier = jobs.tierDir(job, rank);
            Path otherRank = tier.resolve("dataset.9.rank." + (rank + jobs.ranks()));
            CorruptionJobs.copy(jobs.part(job, 2, rank), otherRank);
            Path unknown = tier.resolve("scr.job42");
            CorruptionJobs.copy(jobs.part(job, 2, rank), unknown.resolve("dataset.9.rank." + rank));
            planted.putAll(crcs(otherRank));
            planted.putAll(crcs(unknown));
        }
        return planted;
    }

    /** Files no manifest lists inside the job's dataset 2 on every rank: beside the data, the manifest and the parity. */
    static Map<Path, Long> strays(CorruptionJobs jobs, String job) throws IOException {
        Map<Path, Long> planted = new TreeMap<>();
        for (int rank = 0; rank < jobs.ranks(); rank++) {
            Path part = jobs.part(job, 2, rank);
            for (Path stray : new Path[] {
                Files.writeString(part.resolve("files/rank." + rank + "/stray.bin"), "not written by the application"),
                Files.writeString(part.resolve("notes.txt"), "left by someone"),
                Files.write(part.resolve("redundancy/parity.7"), new byte[4096])}) {
                planted.put(stray, Crc32c.of(stray));
            }
        }
        return planted;
    }

    /**
     * On every node a newer dataset directory of the job (dataset.9) holding copies of real data
     * files but no valid manifest: ranks 0 and 1 have none, the others a damaged one.
     */
    static void newerWithoutManifest(CorruptionJobs jobs, String job) throws IOException {
        for (int rank = 0; rank < jobs.ranks(); rank++) {
            Path nine = jobs.part(job, 9, rank);
            CorruptionJobs.copy(jobs.part(job, 2, rank), nine);
            if (rank < 2) {
                Files.delete(nine.resolve("manifest.json"));
            } else {
                Damage.cutShort(nine.resolve("manifest.json"));
            }
        }
    }

    /** Every planted file is still there with the bytes it was planted with. */
    static void assertUntouched(Map<Path, Long> planted) throws IOException {
        Map<Path, Long> now = new TreeMap<>();
        for (Path p : planted.keySet()) {
            now.put(p, Files.exists(p) ? Crc32c.of(p) : -1L);
        }
        assertEquals(planted, now, "planted files were changed or deleted (-1)");
    }

    /** Path to CRC32C of every file under a directory. */
    private static Map<Path, Long> crcs(Path root) throws IOException {
        Map<Path, Long> crcs = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                crcs.put(p, Crc32c.of(p));
            }
        }
        return crcs;
    }
}
