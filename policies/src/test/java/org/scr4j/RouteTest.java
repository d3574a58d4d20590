package org.scr4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scr4j.JobFixture.content;
import static org.scr4j.JobFixture.sha256;
import static org.scr4j.JobFixture.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** route() keeps the application's sub-directories and refuses any path that would leave the dataset. */
class RouteTest {
    @TempDir
    Path dir;

    /** Rank r's files: two of one name in different directories, and one three levels deep. */
    private static Map<String, byte[]> files(int rank) {
        String a = "rank." + rank + "/a/x.bin";
        String b = "rank." + rank + "/b/x.bin";
        String deep = "rank." + rank + "/c/d/e/y.bin";
        return Map.of(a, content("ckpt.1", rank, a, 3000), b, content("ckpt.1", rank, b, 5000), deep,
                content("ckpt.1", rank, deep, 10));
    }

    private static String readAll(Restart r, int rank) throws Exception {
        StringBuilder out = new StringBuilder();
        for (String file : new TreeSet<>(files(rank).keySet())) {
            out.append(file).append('=').append(sha256(Files.readAllBytes(r.route(file)))).append(';');
        }
        return out.toString();
    }

    private static String expected(int rank) {
        StringBuilder out = new StringBuilder();
        for (String file : new TreeSet<>(files(rank).keySet())) {
            out.append(file).append('=').append(sha256(files(rank).get(file))).append(';');
        }
        return out.toString();
    }

    @Test
    void filesOfOneNameInDifferentDirectoriesSurviveARestartWithTheirOwnContents() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_FLUSH", "1");
        job.run(2, (scr, g) -> {
            try (Output out = scr.startOutput("ckpt.1", Flag.CHECKPOINT)) {
                for (Map.Entry<String, byte[]> f : files(scr.rank()).entrySet()) {
                    Path p = write(out, f.getKey(), f.getValue());
                    assertTrue(p.endsWith(f.getKey()), p + " ends with " + f.getKey());
                }
                assertTrue(out.complete(true));
            }
            return null;
        });
        // on the prefix, exactly as the application named them
        for (int r = 0; r < 2; r++) {
            for (Map.Entry<String, byte[]> f : files(r).entrySet()) {
                assertEquals(sha256(f.getValue()), sha256(job.onPrefix("ckpt.1", f.getKey())), f.getKey());
            }
        }
        JobFixture.RankBody<String> readBack = (scr, g) -> {
            try (Restart r = scr.startRestart(scr.haveRestart().orElseThrow())) {
                String read = readAll(r, scr.rank());
                assertTrue(r.complete(true));
                return read;
            }
        };
        assertEquals(List.of(expected(0), expected(1)), job.run(2, readBack));

        // from the cache, and again after the cache is lost: fetched from the prefix, directories kept
        PathUtils.deleteDirectory(job.cacheBase);
        assertEquals(List.of(expected(0), expected(1)), job.run(2, readBack));
    }

    @Test
    void pathsThatWouldLeaveTheDatasetAreRefusedWithTheReason() throws Exception {
        JobFixture job = new JobFixture(dir);
        job.run(1, (scr, g) -> {
            try (Output out = scr.startOutput("ckpt.1", Flag.CHECKPOINT)) {
                Map<String, String> refused = Map.of(
                        "/etc/passwd", "is absolute",
                        "..", "contains '..'",
                        "../x.bin", "contains '..'",
                        "a/../../x.bin", "contains '..'",
                        "a/./x.bin", "contains '.'",
                        "", "is empty",
                        "   ", "is empty",
                        "a//x.bin", "empty component",
                        "a\\..\\x.bin", "backslash");
                for (Map.Entry<String, String> bad : refused.entrySet()) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> out.route(bad.getKey()));
                    assertTrue(e.getMessage().contains(bad.getValue()), "route('" + bad.getKey() + "'): " + e.getMessage());
                }
                assertThrows(IllegalArgumentException.class, () -> out.route(null));
                // the refusals leave the dataset usable
                write(out, "ok.bin", new byte[] {7});
                assertTrue(out.complete(true));
            }
            return null;
        });
        // nothing was created anywhere but the one file the application wrote, and its manifest
        try (Stream<Path> all = Files.walk(dir)) {
            assertEquals(List.of(job.cachedFile(1, 0, "ok.bin"), job.datasetDir(1, 0).resolve("manifest.json")),
                    all.filter(Files::isRegularFile).filter(p -> !p.startsWith(job.prefix)).sorted().toList());
        }
    }

    @Test
    void aRestartRouteOfAFileTheRankDidNotWriteIsRefusedListingWhatItHas() throws Exception {
        JobFixture job = new JobFixture(dir);
        job.run(2, (scr, g) -> {
            try (Output out = scr.startOutput("ckpt.1", Flag.CHECKPOINT)) {
                files(scr.rank()).forEach((file, bytes) -> {
                    try {
                        write(out, file, bytes);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                assertTrue(out.complete(true));
            }
            return null;
        });
        List<String> messages = job.run(2, (scr, g) -> {
            try (Restart r = scr.startRestart(scr.haveRestart().orElseThrow())) {
                int other = 1 - scr.rank();
                String message = assertThrows(IllegalArgumentException.class, () -> r.route("rank." + other + "/a/x.bin"))
                        .getMessage();
                assertThrows(IllegalArgumentException.class, () -> r.route("../rank." + other + "/a/x.bin"));
                assertEquals(expected(scr.rank()), readAll(r, scr.rank()));
                assertTrue(r.complete(true));
                return message;
            }
        });
        for (int r = 0; r < 2; r++) {
            String m = messages.get(r);
            assertTrue(m.contains("has no file 'rank." + (1 - r) + "/a/x.bin' written by rank " + r), m);
            assertTrue(m.contains("it has: rank." + r + "/a/x.bin, rank." + r + "/b/x.bin, rank." + r + "/c/d/e/y.bin"), m);
        }
    }

    @Test
    void aFileRoutedButNeverWrittenMakesCompleteFalseOnEveryRank() throws Exception {
        JobFixture job = new JobFixture(dir);
        List<Boolean> completes = job.run(2, (scr, g) -> {
            try (Output out = scr.startOutput("ckpt.1", Flag.CHECKPOINT)) {
                write(out, "rank." + scr.rank() + "/written.bin", new byte[] {1, 2, 3});
                if (scr.rank() == 1) {
                    out.route("rank.1/forgotten.bin");
                }
                return out.complete(true);
            }
        });
        assertEquals(List.of(false, false), completes);
        assertEquals(List.of(), List.copyOf(job.cachedIds()));
    }
}
