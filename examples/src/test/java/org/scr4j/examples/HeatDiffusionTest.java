package org.scr4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.fault.CrashPoints;

/**
 * The heat-diffusion example as a user runs it: in its own JVM, on real files, checked by the
 * checksum of its final field.
 */
@Timeout(300)
class HeatDiffusionTest {
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern CHECKSUM = Pattern.compile("checksum ([0-9a-f]{64}) steps (\\d+)");
    private static final Pattern RESTARTED = Pattern.compile("restarted from heat\\.(\\d+) at step (\\d+)");

    @TempDir
    Path tmp;

    private final List<JobDirs> jobs = new ArrayList<>();

    @AfterEach
    void removeNodeDirectories() throws IOException {
        for (JobDirs job : jobs) {
            job.close();
        }
    }

    private JobDirs job(String name) throws IOException {
        JobDirs job = JobDirs.create(tmp.resolve(name), name);
        jobs.add(job);
        return job;
    }

    private static List<String> args(int size, int steps, int ranks, String... more) {
        List<String> args = new ArrayList<>(List.of("--size", "" + size, "--steps", "" + steps, "--ranks", "" + ranks));
        args.addAll(List.of(more));
        return args;
    }

    /** Runs to the end, expecting success, and returns the printed checksum. */
    private static String checksumOf(HeatJvm.Result run, int steps) {
        assertEquals(0, run.exitCode(), () -> "the run should succeed\n" + run);
        List<String> lines = run.matching(CHECKSUM.pattern());
        assertEquals(1, lines.size(), () -> "one checksum line\n" + run);
        Matcher m = CHECKSUM.matcher(lines.get(0));
        assertTrue(m.matches());
        assertEquals(steps, Integer.parseInt(m.group(2)), () -> "steps in the checksum line\n" + run);
        return m.group(1);
    }

    private static int restartedFrom(HeatJvm.Result run) {
        List<String> lines = run.matching(RESTARTED.pattern());
        assertEquals(1, lines.size(), () -> "one 'restarted from' line\n" + run);
        Matcher m = RESTARTED.matcher(lines.get(0));
        assertTrue(m.matches());
        assertEquals(m.group(1), m.group(2), () -> "the name and the step of the restart agree\n" + run);
        return Integer.parseInt(m.group(2));
    }

    private static String crashAt(String point, int nth) {
        return "-D" + CrashPoints.PROPERTY + "=" + point + ":" + nth;
    }

    @Test
    void uninterruptedRunsAgreeOnTheChecksum() throws Exception {
        int size = 48;
        int steps = 40;
        String reference = HeatField.referenceChecksum(size, steps);

        JobDirs first = job("same-a");
        HeatJvm.Result a = HeatJvm.run("2 ranks, first", first.work, first.env(Map.of()), List.of(), args(size, steps, 2), RUN_TIMEOUT);
        JobDirs second = job("same-b");
        HeatJvm.Result b = HeatJvm.run("2 ranks, second", second.work, second.env(Map.of()), List.of(), args(size, steps, 2), RUN_TIMEOUT);
        assertEquals(checksumOf(a, steps), checksumOf(b, steps), "two uninterrupted runs print the same checksum");
        assertEquals(reference, checksumOf(a, steps), "and it is the checksum of the field computed without scr4j or threads");
        // Without --checkpoint-every and without a configured policy the example checkpoints every 10 steps.
        assertEquals(List.of("checkpoint heat.10 complete", "checkpoint heat.20 complete", "checkpoint heat.30 complete",
                "checkpoint heat.40 complete"), a.matching("checkpoint .* complete"), a::toString);
        assertTrue(a.matching(RESTARTED.pattern()).isEmpty(), "a fresh job starts from the beginning\n" + a);

        JobDirs one = job("one-rank");
        HeatJvm.Result r1 = HeatJvm.run("1 rank", one.work, one.env(Map.of()), List.of(), args(size, steps, 1), RUN_TIMEOUT);
        JobDirs four = job("four-ranks");
        HeatJvm.Result r4 = HeatJvm.run("4 ranks", four.work, four.env(Map.of()), List.of(),
                args(size, steps, 4, "--checkpoint-every", "7"), RUN_TIMEOUT);
        assertEquals(reference, checksumOf(r1, steps), "1 rank: the decomposition does not change the numbers");
        assertEquals(reference, checksumOf(r4, steps), "4 ranks: the decomposition does not change the numbers");
        assertEquals(List.of("checkpoint heat.7 complete", "checkpoint heat.14 complete", "checkpoint heat.21 complete",
                "checkpoint heat.28 complete", "checkpoint heat.35 complete"), r4.matching("checkpoint .* complete"), r4::toString);
    }

    /**
     * A job that flushes every checkpoint dies while writing heat.25 (before its manifest): heat.20
     * is the newest flushed checkpoint. The node's cache is wiped; the next run dies while fetching
     * heat.20 back; the run after it fetches again and resumes from heat.20.
     */
    @Test
    void cacheWipedRestartFetchesFromPrefix() throws Exception {
        int size = 48;
        int steps = 30;
        int ranks = 2;
        JobDirs job = job("cache-wiped");
        Map<String, String> env = job.env(Map.of("SCR_FLUSH", "1"));
        List<String> args = args(size, steps, ranks, "--checkpoint-every", "5");

        HeatJvm.Result crashed = crashWhileWritingHeat25(job, env, args, ranks);
        job.wipeCache();

        HeatJvm.Result fetchCrash = HeatJvm.run("crash while fetching", job.work, env,
                List.of(crashAt(CrashPoints.FETCH_FILE, 1)), args, RUN_TIMEOUT);
        assertEquals(CrashPoints.STATUS, fetchCrash.exitCode(), () -> "the run dies while fetching heat.20 from the prefix\n"
                + fetchCrash + "\nthe run before:\n" + crashed);
        assertTrue(fetchCrash.matching("restarted from .*").isEmpty(), fetchCrash::toString);

        HeatJvm.Result resumed = HeatJvm.run("resumed", job.work, env, List.of(), args, RUN_TIMEOUT);
        assertEquals(20, restartedFrom(resumed), () -> "resumes from heat.20, the newest flushed checkpoint\n" + resumed);
        assertEquals(HeatField.referenceChecksum(size, steps), checksumOf(resumed, steps));
    }

    /**
     * As above, and the node is lost (cache and control directory), and heat.20's copy on the
     * prefix has a flipped byte: the restart skips heat.20, says why, and resumes from heat.15.
     */
    @Test
    void corruptPrefixCopyFallsBackToOlderFlushedCheckpoint() throws Exception {
        int size = 48;
        int steps = 30;
        int ranks = 2;
        JobDirs job = job("prefix-corrupt");
        Map<String, String> env = job.env(Map.of("SCR_FLUSH", "1"));
        List<String> args = args(size, steps, ranks, "--checkpoint-every", "5");

        crashWhileWritingHeat25(job, env, args, ranks);
        job.wipeNode();
        Path field = flushedFile(job.prefix, "heat.20", "rank.0/field.bin");
        byte[] bytes = Files.readAllBytes(field);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(field, bytes);

        HeatJvm.Result resumed = HeatJvm.run("resumed", job.work, env, List.of(), args, RUN_TIMEOUT);
        assertEquals(15, restartedFrom(resumed), () -> "falls back to heat.15, the previous flushed checkpoint\n" + resumed);
        assertEquals(HeatField.referenceChecksum(size, steps), checksumOf(resumed, steps));
        assertTrue(resumed.err().lines().anyMatch(l -> l.contains("heat.20") && l.matches("(?i).*(crc|checksum).*")),
                () -> "the log names the skipped dataset heat.20 and says its CRC/checksum does not match\n" + resumed);
        assertTrue(resumed.err().matches("(?is).*(mismatch|does not match|doesn't match|differs).*"),
                () -> "the log says the CRC/checksum does not match\n" + resumed);
    }

    /**
     * A run that halts the moment the first rank is about to commit its manifest of heat.25 (the
     * 5th checkpoint, so the (4 x ranks + 1)th time any rank reaches that point).
     */
    private static HeatJvm.Result crashWhileWritingHeat25(JobDirs job, Map<String, String> env, List<String> args, int ranks)
            throws Exception {
        HeatJvm.Result run = HeatJvm.run("crash in heat.25", job.work, env,
                List.of(crashAt(CrashPoints.BEFORE_MANIFEST, 4 * ranks + 1)), args, RUN_TIMEOUT);
        assertEquals(CrashPoints.STATUS, run.exitCode(), run::toString);
        assertEquals(List.of("checkpoint heat.5 complete", "checkpoint heat.10 complete", "checkpoint heat.15 complete",
                "checkpoint heat.20 complete"), run.matching("checkpoint .* complete"), run::toString);
        assertEquals("checkpoint heat.25 started", run.lines().get(run.lines().size() - 1), run::toString);
        return run;
    }

    /** The flushed copy of a dataset's file on the prefix, wherever the library lays it out. */
    private static Path flushedFile(Path prefix, String dataset, String file) throws IOException {
        try (Stream<Path> paths = Files.walk(prefix)) {
            List<Path> found = paths.filter(Files::isRegularFile)
                    .filter(p -> p.toString().replace('\\', '/').endsWith("/" + file))
                    .filter(p -> prefix.relativize(p).toString().contains(dataset))
                    .toList();
            assertEquals(1, found.size(), () -> "one flushed copy of " + dataset + "/" + file + " under " + prefix + ": " + found);
            return found.get(0);
        }
    }

    /**
     * A run with another grid size finds checkpoints that do not fit it: each is refused with a
     * message and the next older one is offered, so the job is not trapped and starts afresh.
     */
    @Test
    void checkpointOfAnotherGridIsRefusedAndTheJobStartsAfresh() throws Exception {
        JobDirs job = job("other-grid");
        Map<String, String> env = job.env(Map.of("SCR_FLUSH", "1"));
        HeatJvm.Result small = HeatJvm.run("size 32", job.work, env, List.of(), args(32, 20, 2, "--checkpoint-every", "10"),
                RUN_TIMEOUT);
        checksumOf(small, 20);

        HeatJvm.Result other = HeatJvm.run("size 40", job.work, env, List.of(), args(40, 20, 2, "--checkpoint-every", "10"),
                RUN_TIMEOUT);
        assertEquals(HeatField.referenceChecksum(40, 20), checksumOf(other, 20), other::toString);
        assertTrue(other.matching("restarted from .*").isEmpty(), other::toString);
        assertTrue(other.err().contains("cannot restart from heat.20: it was written by a run with --size 32 --ranks 2,"
                + " this run has --size 40 --ranks 2"), other::toString);
    }

    @Test
    void badArgumentsGiveAClearError() throws Exception {
        Path logs = tmp.resolve("bad-args");
        record Case(List<String> args, String message) {
        }
        for (Case c : List.of(
                new Case(List.of("--size", "abc"), "heat-diffusion: --size needs a whole number, not 'abc'"),
                new Case(List.of("--ranks", "0"), "heat-diffusion: --ranks must be between 1 and 4096, not 0"),
                new Case(List.of("--size", "8", "--ranks", "9"), "heat-diffusion: --ranks 9 is more than the 8 rows of the grid"),
                new Case(List.of("--steps"), "heat-diffusion: --steps needs a value"),
                new Case(List.of("--stpes", "5"), "heat-diffusion: unknown option '--stpes'"),
                new Case(List.of("64"), "heat-diffusion: unexpected argument '64'"))) {
            HeatJvm.Result run = HeatJvm.run(String.join(" ", c.args()), logs, Map.of("SCR_PREFIX", logs.toString()),
                    List.of(), c.args(), RUN_TIMEOUT);
            assertEquals(2, run.exitCode(), run::toString);
            assertTrue(run.err().startsWith(c.message()), () -> "expected '" + c.message() + "'\n" + run);
            assertTrue(run.err().contains("usage: heat-diffusion [--size N]"), run::toString);
            assertTrue(run.lines().isEmpty(), run::toString);
        }
        HeatJvm.Result help = HeatJvm.run("help", logs, Map.of(), List.of(), List.of("--help"), RUN_TIMEOUT);
        assertEquals(0, help.exitCode(), help::toString);
        assertTrue(help.lines().get(0).startsWith("usage: heat-diffusion"), help::toString);
        assertFalse(help.err().contains("Exception"), help::toString);
    }
}
