package org.scr4j.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.control.ControlDirectory;
import org.scr4j.control.HaltRecord;

/** 'scr4j halt' against a real prefix: every option through the halt file, and what --list says. */
class HaltCommandTest {
    @TempDir
    Path dir;
    private Path prefix;
    private Path haltFile;

    @BeforeEach
    void setUp() throws Exception {
        prefix = Files.createDirectories(dir.resolve("prefix"));
        haltFile = prefix.resolve(".scr4j/halt");
    }

    private Scr4jProcess.Result halt(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "halt";
        all[1] = "--prefix";
        all[2] = prefix.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return InProcess.run(all);
    }

    private HaltRecord read() throws Exception {
        ControlDirectory control = ControlDirectory.open(prefix.toUri(), new Configuration());
        try {
            return control.halt().read();
        } finally {
            control.fileSystem().close();
        }
    }

    @Test
    void everyConditionGoesThroughTheHaltFileAndIsListed() throws Exception {
        Instant before = Instant.now();
        Scr4jProcess.Result r = halt("--checkpoints", "3", "--before", "2030-01-01T00:00:00Z", "--after", "+2h",
                "--seconds", "120", "--reason", "maintenance at noon");
        assertEquals(0, r.exitCode(), r.toString());

        HaltRecord h = read();
        assertEquals(OptionalInt.of(3), h.checkpoints());
        assertEquals(Optional.of(Instant.parse("2030-01-01T00:00:00Z")), h.exitBefore());
        Instant after = h.exitAfter().orElseThrow();
        assertTrue(!after.isBefore(before.plus(Duration.ofHours(2)).minusSeconds(1))
                && !after.isAfter(Instant.now().plus(Duration.ofHours(2))), after.toString());
        assertEquals(OptionalLong.of(120), h.seconds());
        assertEquals(Optional.of("maintenance at noon"), h.reason());
        assertFalse(h.immediate());

        assertTrue(r.out().contains("checkpoints left: 3"), r.out());
        assertTrue(r.out().contains("exit before:      2030-01-01T00:00:00Z ("), r.out());
        assertTrue(r.out().contains("halt seconds:     120 (overrides SCR_HALT_SECONDS="), r.out());
        assertTrue(r.out().contains("reason:           maintenance at noon"), r.out());
        assertTrue(r.out().contains("halts now: yes, maintenance at noon"), r.out());

        Scr4jProcess.Result list = halt("--list");
        assertEquals(0, list.exitCode(), list.toString());
        assertEquals(r.out(), list.out(), "a change lists the conditions as --list does");
        assertEquals(h, read(), "--list changes nothing");
    }

    @Test
    void withNoOptionTheJobHaltsAtItsNextChanceAsWithScrHalt() throws Exception {
        Scr4jProcess.Result r = halt();
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(HaltRecord.NONE.withReason(Optional.of("JOB_HALTED")), read());
        assertTrue(r.out().contains("halts now: yes, JOB_HALTED"), r.out());
    }

    @Test
    void immediateSetsAReasonAndTheFlagTheLauncherReads() throws Exception {
        assertEquals(0, halt("--immediate").exitCode());
        assertEquals(HaltRecord.NONE.withReason(Optional.of("SCR_HALT_IMMEDIATE")).withImmediate(true), read());
        assertTrue(Files.readString(haltFile).contains("\"immediate\" : true"), Files.readString(haltFile));

        Scr4jProcess.Result r = halt("--immediate", "--reason", "node swap");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(HaltRecord.NONE.withReason(Optional.of("node swap")).withImmediate(true), read());
        assertTrue(r.out().contains("immediate:        yes, the launcher kills the running step at once"), r.out());

        assertEquals(0, halt("--unset-reason").exitCode());
        assertEquals(HaltRecord.NONE, read(), "without its reason an immediate halt is gone too");
        assertFalse(Files.exists(haltFile), "no halt requested, no halt file");
    }

    @Test
    void unsetOptionsClearOneConditionEachAndKeepTheJobsCountDown() throws Exception {
        halt("--checkpoints", "5", "--before", "+3h", "--after", "+4h", "--seconds", "60");
        Scr4jProcess.Result r = halt("--unset-before", "--unset-seconds");
        assertEquals(0, r.exitCode(), r.toString());
        HaltRecord h = read();
        assertEquals(OptionalInt.of(5), h.checkpoints());
        assertEquals(Optional.empty(), h.exitBefore());
        assertTrue(h.exitAfter().isPresent());
        assertEquals(OptionalLong.empty(), h.seconds());
        assertTrue(r.out().contains("halts now: no; it halts after 5 more checkpoints, or at " + h.exitAfter().get() + " (in 3 h 59 min)")
                || r.out().contains("halts now: no; it halts after 5 more checkpoints, or at " + h.exitAfter().get() + " (in 4 h 0 min)"),
                r.out());

        assertEquals(0, halt("--unset-checkpoints", "--unset-after").exitCode());
        assertFalse(Files.exists(haltFile));
    }

    @Test
    void listWithoutAHaltFileSaysNoHaltIsRequested() throws Exception {
        Files.createDirectories(prefix.resolve(".scr4j"));
        Scr4jProcess.Result r = halt("--list");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains(": none, no halt is requested"), r.out());
        assertTrue(r.out().contains("halts now: no"), r.out());
        assertFalse(Files.exists(haltFile));
    }

    @Test
    void removeDeletesEvenADamagedHaltFile() throws Exception {
        Files.createDirectories(haltFile.getParent());
        Files.writeString(haltFile, "{\"format\":1,\"checkpoints\":");
        Scr4jProcess.Result list = halt("--list");
        assertEquals(2, list.exitCode(), list.toString());
        assertTrue(list.err().contains("is not a valid scr4j halt file") && list.err().contains("scr4j halt --remove"), list.err());

        Scr4jProcess.Result r = halt("--remove");
        assertEquals(0, r.exitCode(), r.toString());
        assertFalse(Files.exists(haltFile));
        assertTrue(r.out().startsWith("removed "), r.out());
    }

    @Test
    void mistakesAreRefusedWithTheFixAndChangeNothing() throws Exception {
        halt("--checkpoints", "2");
        HaltRecord before = read();

        Scr4jProcess.Result time = halt("--before", "tomorrow");
        assertEquals(2, time.exitCode(), time.toString());
        assertTrue(time.err().startsWith("scr4j: --before 'tomorrow' is not a time; use an ISO-8601 instant (2026-11-21T17:00:00Z"),
                time.err());
        assertTrue(time.err().contains("+2h, +30m"), time.err());

        Scr4jProcess.Result both = halt("--after", "+1h", "--unset-after");
        assertEquals(2, both.exitCode(), both.toString());
        assertEquals("scr4j: --after and --unset-after contradict each other; give one of them\n", both.err());

        Scr4jProcess.Result remove = halt("--remove", "--checkpoints", "1");
        assertEquals(2, remove.exitCode(), remove.toString());
        assertTrue(remove.err().contains("--remove deletes the halt file and goes alone"), remove.err());

        Scr4jProcess.Result negative = halt("--checkpoints", "-1");
        assertEquals(2, negative.exitCode(), negative.toString());
        assertTrue(negative.err().contains("0 or more, not -1"), negative.err());

        assertEquals(before, read());
    }

    @Test
    void aPrefixNoJobHasUsedIsAnErrorForList() throws Exception {
        Scr4jProcess.Result r = halt("--list");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("(--prefix) has no .scr4j directory, so no scr4j job has used it; give the job's prefix"
                + " with --prefix DIR, or set SCR_PREFIX"), r.err());
        assertFalse(Files.exists(prefix.resolve(".scr4j")), "listing creates nothing");

        Scr4jProcess.Result remove = halt("--remove");
        assertEquals(0, remove.exitCode(), remove.toString());
        assertEquals("no halt file in " + prefix.toUri().toString().replaceAll("/$", "") + " (--prefix): nothing to remove\n",
                remove.out());
        assertFalse(Files.exists(prefix.resolve(".scr4j")), "removing creates nothing");

        Scr4jProcess.Result missing = InProcess.run("halt", "--prefix", dir.resolve("nowhere").toString());
        assertEquals(2, missing.exitCode(), missing.toString());
        assertTrue(missing.err().contains("nowhere (--prefix) does not exist"), missing.err());
        assertEquals(2, InProcess.run("halt", "--remove", "--prefix", dir.resolve("nowhere").toString()).exitCode());
        assertFalse(Files.exists(dir.resolve("nowhere")), "a mistyped prefix is never created");
    }

    @Test
    void theJobsPrefixAndAllocationEndComeFromItsConfiguration() throws Exception {
        Path job = Files.writeString(dir.resolve("job.conf"), "SCR_PREFIX=" + prefix + "\nSCR_HALT_SECONDS=600\n");
        long end = Instant.now().getEpochSecond() + 300;
        Scr4jProcess.Result r = Scr4jProcess.run(Scr4jProcess.classPath(e -> true), dir, Map.of("SCR_END_TIME", Long.toString(end)),
                "halt", "--conf", job.toString(), "--checkpoints", "4");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(OptionalInt.of(4), read().checkpoints());
        assertTrue(r.out().contains("halt seconds:     not set (SCR_HALT_SECONDS=600 applies)"), r.out());
        assertTrue(r.out().contains("halts now: yes, TIME_LIMIT: "), r.out());
    }
}
