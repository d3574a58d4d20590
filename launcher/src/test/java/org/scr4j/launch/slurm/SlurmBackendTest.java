package org.scr4j.launch.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.launch.run.Allocation;
import org.scr4j.launch.run.Step;
import org.scr4j.launch.run.StepResult;
import org.scr4j.launch.run.StepSpec;

/**
 * The Slurm backend against a real Slurm 22.05 on 127.0.0.1 (scripts/slurm-local), inside a
 * {@code salloc -N4 --no-kill} allocation. Fails, never skips, where Slurm is not installed.
 * The node crash comes last: it takes n2 out of the allocation for good.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlurmBackendTest {
    private static LocalSlurm slurm;
    private static SlurmBackend backend;

    @TempDir
    Path work;

    /** Every line of a step, by rank (-1: srun's own). */
    private record Line(int rank, String text, boolean stderr) {
    }

    @BeforeAll
    static void startSlurm() throws Exception {
        slurm = LocalSlurm.start();
        slurm.allocate();
        backend = new SlurmBackend(slurm.jobEnv());
    }

    @AfterAll
    static void stopSlurm() throws Exception {
        if (slurm != null) {
            slurm.close();
        }
    }

    private StepSpec spec(String label, List<String> placement, List<Line> lines, String... command) {
        return new StepSpec(label, List.of(command), placement, Map.of("SCR4J_TEST_VAR", "hello world"), work,
                (rank, text, stderr) -> lines.add(new Line(rank, text, stderr)));
    }

    private static StepResult finish(Step step, Duration limit) throws Exception {
        assertTrue(step.await(limit), "the step did not end within " + limit.toSeconds() + " s");
        return step.result();
    }

    @Test
    @Order(1)
    void allocationIsTheJobWithItsNodesAndNoLimit() throws Exception {
        Allocation allocation = backend.allocation();
        assertEquals(slurm.jobId(), allocation.jobId());
        assertEquals(List.of("n1", "n2", "n3", "n4"), allocation.nodes());
        assertEquals(0, allocation.endTime(), "the partition has no time limit");
        assertEquals("127.0.0.1", backend.address("n3"));
        assertEquals(Map.of(), backend.downNodes());
    }

    @Test
    @Order(2)
    void eachRankRunsOnTheNodeItIsPlacedOnWithTheStepsEnvironmentAndDirectory() throws Exception {
        // Not srun's block order: n4 comes before n3, as when a spare n4 takes over n2's ranks.
        List<String> placement = List.of("n1", "n4", "n3");
        List<Line> lines = Collections.synchronizedList(new ArrayList<>());
        Step step = backend.launch(spec("placement", placement, lines,
                "sh", "-c", "echo $SLURM_PROCID $SLURMD_NODENAME \"$SCR4J_TEST_VAR\" $(pwd)"));
        StepResult result = finish(step, Duration.ofSeconds(60));
        assertTrue(result.succeeded(), result + " " + lines);
        for (int r = 0; r < placement.size(); r++) {
            int rank = r;
            List<Line> mine = lines.stream().filter(l -> l.rank() == rank && !l.stderr()).toList();
            assertEquals(List.of(new Line(r, r + " " + placement.get(r) + " hello world " + work.toRealPath(), false)), mine,
                    "rank " + r + "'s output; all: " + lines);
        }
    }

    @Test
    @Order(3)
    void severalRanksPerNodeInAnyOrder() throws Exception {
        List<String> placement = List.of("n2", "n2", "n1", "n4", "n2", "n1");
        List<Line> lines = Collections.synchronizedList(new ArrayList<>());
        StepResult result = finish(backend.launch(spec("packed", placement, lines, "sh", "-c", "echo $SLURMD_NODENAME")),
                Duration.ofSeconds(60));
        assertTrue(result.succeeded(), result + " " + lines);
        for (int r = 0; r < placement.size(); r++) {
            assertTrue(lines.contains(new Line(r, placement.get(r), false)), "rank " + r + " not on " + placement.get(r) + ": " + lines);
        }
    }

    @Test
    @Order(4)
    void aFailingRankFailsTheStepAndEndsTheOthers() throws Exception {
        List<Line> lines = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        Step step = backend.launch(spec("fail", List.of("n1", "n2", "n3"), lines,
                "sh", "-c", "if [ $SLURM_PROCID = 1 ]; then echo failing; exit 3; fi; exec sleep 600"));
        StepResult result = finish(step, Duration.ofSeconds(60));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertFalse(result.succeeded(), result.toString());
        assertEquals(Map.of(1, 3), result.rankExits(), "only rank 1 failed by itself: " + result + " " + lines);
        assertTrue(result.summary().contains("rank 1 on n2"), result.summary());
        // --kill-on-bad-exit ends the sleeping ranks at once instead of after 600 s.
        assertTrue(took.toSeconds() < 30, "took " + took);
        assertTrue(lines.contains(new Line(1, "failing", false)), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.rank() == -1 && l.text().startsWith("srun: ")), "srun's own lines have rank -1");
    }

    @Test
    @Order(5)
    void aWorkingDirectoryMissingOnTheNodesIsALaunchFailureThoughSrunExitsZero() throws Exception {
        List<Line> lines = Collections.synchronizedList(new ArrayList<>());
        StepSpec spec = new StepSpec("nodir", List.of("true"), List.of("n1"), Map.of(), work.resolve("missing"),
                (rank, text, stderr) -> lines.add(new Line(rank, text, stderr)));
        StepResult result = finish(backend.launch(spec), Duration.ofSeconds(60));
        assertNotEquals(0, result.exitCode(), result + " " + lines);
        assertTrue(result.summary().contains("couldn't chdir"), result.summary());
    }

    @Test
    @Order(6)
    void aNodeOutsideTheAllocationIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> backend.launch(spec("outside", List.of("n1", "n9"), new ArrayList<>(), "true")));
        assertTrue(e.getMessage().contains("rank 1's node n9 is not in Slurm job"), e.getMessage());
    }

    @Test
    @Order(7)
    void killEndsARunningStepQuickly() throws Exception {
        List<Line> lines = Collections.synchronizedList(new ArrayList<>());
        Step step = backend.launch(spec("sleeper", List.of("n1", "n2", "n3"), lines, "sh", "-c", "echo started; exec sleep 600"));
        LocalSlurm.poll(Duration.ofSeconds(30), "all three ranks starting",
                () -> lines.stream().filter(l -> l.text().equals("started")).count() == 3);
        long start = System.nanoTime();
        step.kill();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(step.await(Duration.ofSeconds(5)), "srun still runs after kill()");
        System.out.println("kill() of a 3-rank sleep step took " + took.toMillis() + " ms");
        assertTrue(took.toSeconds() < 15, "kill() took " + took);
        assertFalse(step.result().succeeded(), step.result().toString());
        assertTrue(step.result().summary().startsWith("killed by the launcher"), step.result().summary());
        assertEquals("", slurm.run("squeue", "-h", "-s", "-j", slurm.jobId(), "-o", "%i %j").strip(), "no step is left");
        step.kill(); // idempotent
    }

    @Test
    @Order(7)
    void killRightAfterLaunchLeavesNoStepBehind() throws Exception {
        Step step = backend.launch(spec("early", List.of("n1", "n3"), new ArrayList<>(), "sleep", "600"));
        long start = System.nanoTime();
        step.kill();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(step.await(Duration.ofSeconds(5)), "srun still runs after kill()");
        assertTrue(took.toSeconds() < 15, "kill() took " + took);
        assertEquals("", slurm.run("squeue", "-h", "-s", "-j", slurm.jobId(), "-o", "%i %j").strip(), "no step is left");
    }

    @Test
    @Order(8)
    void aCrashedNodeIsReportedDownAndFailsItsStep() throws Exception {
        List<Line> lines = Collections.synchronizedList(new ArrayList<>());
        Step step = backend.launch(spec("crash", List.of("n1", "n2"), lines, "sh", "-c", "echo started; exec sleep 600"));
        LocalSlurm.poll(Duration.ofSeconds(30), "both ranks starting",
                () -> lines.stream().filter(l -> l.text().equals("started")).count() == 2);

        System.out.println(slurm.killNode("n2"));
        Duration detected = LocalSlurm.poll(Duration.ofSeconds(60), "Slurm reporting n2 down",
                () -> backend.downNodes().containsKey("n2"));
        Map<String, String> down = backend.downNodes();
        System.out.println("n2 reported down after " + detected.toMillis() + " ms: " + down);
        assertEquals(List.of("n2"), List.copyOf(down.keySet()), down.toString());
        assertTrue(detected.toSeconds() < 60, "detection took " + detected);

        // srun learns of it when Slurm marks the node down, and ends the ranks on the other nodes.
        long start = System.nanoTime();
        StepResult result = finish(step, Duration.ofSeconds(60));
        System.out.println("srun ended " + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms after detection: " + result);
        assertFalse(result.succeeded(), result.toString());
        assertTrue(result.summary().startsWith("node n2 failed"), result.summary());
        assertEquals(Map.of(), result.rankExits(), "no rank is to blame");

        // The allocation lives on (--no-kill); a step on the survivors runs, one on n2 fails at once.
        List<Line> more = Collections.synchronizedList(new ArrayList<>());
        assertTrue(finish(backend.launch(spec("survivors", List.of("n1", "n3", "n4"), more, "true")), Duration.ofSeconds(60))
                .succeeded(), more.toString());
        long again = System.nanoTime();
        StepResult onDead = finish(backend.launch(spec("dead", List.of("n1", "n2"), more, "true")), Duration.ofSeconds(60));
        System.out.println("a step on the down n2 failed after " + Duration.ofNanos(System.nanoTime() - again).toMillis()
                + " ms: " + onDead.summary());
        assertFalse(onDead.succeeded(), onDead + " " + more);
    }

    @Test
    void outsideAnAllocationTheErrorNamesTheFix() {
        Map<String, String> env = new HashMap<>(slurm.jobEnv());
        env.remove("SLURM_JOB_ID");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SlurmBackend(env));
        assertTrue(e.getMessage().contains("run inside salloc/sbatch"), e.getMessage());
    }

    @Test
    void theHostFileIsRemovedWhenTheStepEnds() throws Exception {
        long before;
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            before = files.filter(p -> p.getFileName().toString().startsWith("scr4j-hosts-")).count();
        }
        finish(backend.launch(spec("hostfile", List.of("n1"), new ArrayList<>(), "true")), Duration.ofSeconds(60));
        LocalSlurm.poll(Duration.ofSeconds(5), "the host file being deleted", () -> {
            try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
                return files.filter(p -> p.getFileName().toString().startsWith("scr4j-hosts-")).count() <= before;
            }
        });
    }
}
