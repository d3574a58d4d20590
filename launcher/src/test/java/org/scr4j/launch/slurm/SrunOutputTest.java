package org.scr4j.launch.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scr4j.launch.run.StepResult;
import org.scr4j.launch.run.StepSpec;

/** Reading srun's output, on lines Slurm 22.05 printed in the runs this backend was checked with. */
class SrunOutputTest {
    private static StepResult report(int srunExit, List<String> placement, String... lines) {
        SrunReport report = new SrunReport(placement);
        for (String raw : lines) {
            LabeledLine line = LabeledLine.parse(raw, placement.size());
            report.line(line.rank(), line.text());
        }
        return report.result(srunExit, false);
    }

    @Test
    void labelsAreTakenOffAndSrunsOwnLinesHaveNoRank() {
        assertEquals(new LabeledLine(3, "hello: world"), LabeledLine.parse("3: hello: world", 4));
        assertEquals(new LabeledLine(3, "x"), LabeledLine.parse(" 3: x", 12));
        assertEquals(new LabeledLine(11, ""), LabeledLine.parse("11: ", 12));
        assertEquals(new LabeledLine(-1, "srun: error: n4: task 1: Exited with exit code 3"),
                LabeledLine.parse("srun: error: n4: task 1: Exited with exit code 3", 4));
        assertEquals(new LabeledLine(-1, "7: not one of ours"), LabeledLine.parse("7: not one of ours", 4));
    }

    @Test
    void theRankThatFailedFirstIsTheCauseNotTheRanksSrunEndedAfterIt() {
        StepResult r = report(143, List.of("n1", "n4", "n3"),
                "srun: error: n4: task 1: Exited with exit code 3",
                "srun: launch/slurm: _step_signal: Terminating StepId=1.9",
                "1: bye",
                "0: slurmstepd-n1: error: *** STEP 1.9 ON n1 CANCELLED AT 2026-11-21T10:43:30 ***",
                "srun: error: n3: task 2: Terminated",
                "srun: error: n1: task 0: Terminated",
                "srun: Force Terminated StepId=1.9");
        assertEquals(143, r.exitCode());
        assertEquals(Map.of(1, 3), r.rankExits());
        assertEquals("rank 1 on n4: Exited with exit code 3; srun exited with 143", r.summary());
    }

    @Test
    void taskLaunchFailedIsAFailureEvenWhenSrunExitsZero() {
        // proctrack/cgroup on a machine without the freezer cgroup.
        StepResult r = report(0, List.of("n2", "n1"),
                "srun: error: task 0 launch failed: Plugin initialization failed",
                "srun: error: task 1 launch failed: Plugin initialization failed");
        assertEquals(1, r.exitCode());
        assertTrue(r.summary().contains("task 0 launch failed: Plugin initialization failed"), r.summary());
    }

    @Test
    void aMissingWorkingDirectoryIsALaunchFailure() {
        StepResult r = report(0, List.of("n1"),
                "0: slurmstepd-n1: error: couldn't chdir to `/no/dir': No such file or directory: going to /tmp instead");
        assertEquals(1, r.exitCode());
        assertTrue(r.summary().startsWith("launch failed"), r.summary());
    }

    @Test
    void aRankPrintingSlurmsWordsIsNotAFailure() {
        StepResult r = report(0, List.of("n1"), "0: my log: task launch failed, retrying");
        assertEquals(0, r.exitCode(), r.summary());
    }

    @Test
    void aNodeFailureIsNamed() {
        StepResult r = report(137, List.of("n1", "n2"),
                "srun: error: Node failure on n2",
                "srun: error: n1: task 0: Killed",
                "srun: launch/slurm: _step_signal: Terminating StepId=1.13",
                "srun: Force Terminated StepId=1.13");
        assertEquals(Map.of(), r.rankExits());
        assertEquals("node n2 failed (srun exited with 137)", r.summary());
        StepResult before = report(137, List.of("n1", "n2"),
                "srun: error: n1: task 0: Killed",
                "srun: error: Node failure on n2");
        assertEquals(Map.of(), before.rankExits(), "rank 0 is not to blame");
        StepResult launch = report(233, List.of("n1", "n2"),
                "srun: error: Task launch for StepId=2.0 failed on node n2: Communication connection failure",
                "srun: error: Application launch failed: Communication connection failure");
        assertTrue(launch.summary().contains("failed on node n2"), launch.summary());
    }

    @Test
    void severalTasksInOneLine() {
        StepResult r = report(2, List.of("n1", "n1", "n1", "n2"), "srun: error: n1: tasks 0-2: Exited with exit code 2");
        assertEquals(Map.of(0, 2, 1, 2, 2, 2), r.rankExits());
    }

    @Test
    void sinfoStatesThatKeepANodeFromRunningRanks() {
        assertEquals("", SlurmBackend.problem("idle", "none"));
        assertEquals("", SlurmBackend.problem("allocated", "none"));
        assertEquals("", SlurmBackend.problem("mixed", "none"));
        assertEquals("mixed*: not responding", SlurmBackend.problem("mixed*", "none"));
        assertEquals("down*: Not responding", SlurmBackend.problem("down*", "Not responding"));
        assertEquals("drained: maintenance", SlurmBackend.problem("drained", "maintenance"));
        assertEquals("draining: bad disk", SlurmBackend.problem("draining", "bad disk"));
        assertEquals("failing: x", SlurmBackend.problem("failing", "x"));
    }

    @Test
    void srunPlacesByHostFileAndNeverByNodeList() {
        StepSpec spec = new StepSpec("run 2", List.of("java", "-version"), List.of("n4", "n1", "n4"), Map.of("A", "1"),
                Path.of("/w"), (rank, line, stderr) -> { });
        SrunCommand srun = new SrunCommand("7", "scr4j-run-2-x", Path.of("/tmp/h"), spec);
        List<String> argv = srun.argv();
        assertTrue(argv.containsAll(List.of("--jobid=7", "--nodes=2", "--ntasks=3", "--distribution=arbitrary", "--label",
                "--kill-on-bad-exit=1", "--chdir=/w")), argv.toString());
        assertTrue(argv.stream().noneMatch(a -> a.startsWith("--nodelist") || a.startsWith("-w")), argv.toString());
        assertEquals(List.of("java", "-version"), argv.subList(argv.size() - 2, argv.size()));
        assertEquals("n4\nn1\nn4\n", SrunCommand.hostFile(spec.placement()));
        Map<String, String> env = srun.environment(Map.of("SLURM_CONF", "/c", "SLURM_NTASKS_PER_NODE", "4", "PATH", "/bin"));
        assertEquals(Map.of("SLURM_CONF", "/c", "PATH", "/bin", "A", "1", "SLURM_HOSTFILE", "/tmp/h"), env);
    }
}
