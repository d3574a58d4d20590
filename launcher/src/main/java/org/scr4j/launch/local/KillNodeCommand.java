package org.scr4j.launch.local;

import java.util.concurrent.Callable;
import org.scr4j.launch.run.Allocation;
import org.scr4j.launch.run.JobContext;
import org.scr4j.launch.run.LauncherState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** 'scr4j kill-node': crash a simulated node of a running local job. */
@Command(name = "kill-node", mixinStandardHelpOptions = true,
        description = "Crash a simulated node of the local backend: kill its ranks (SIGKILL) and wipe its node-local storage."
                + " The node stays down for the rest of the job; the launcher relaunches without it.",
        footer = {"", "Example:", "  scr4j kill-node --conf job.conf n2"})
public final class KillNodeCommand implements Callable<Integer> {
    @Option(names = "--conf", paramLabel = "FILE", description = "The job file (default $SCR_CONF_FILE).")
    String conf;

    @Parameters(paramLabel = "NODE", description = "The node to crash, such as n2.")
    String node;

    @Override
    public Integer call() throws Exception {
        try (JobContext job = JobContext.open(conf)) {
            LauncherState state = LauncherState.require(job.control);
            if (!state.backend().equals("local")) {
                throw new IllegalArgumentException("kill-node crashes simulated nodes, and this job runs on " + state.backend()
                        + ". On Slurm, stop the node's slurmd and its tasks (scripts/slurm-local kill-node for the test Slurm)");
            }
            new LocalBackend(new Allocation(state.jobId(), state.nodes(), state.endTime()), job.control, job.storage(state.jobId()))
                    .crash(node, "scr4j kill-node");
            System.out.println("scr4j: crashed " + node + ": its ranks are killed and its node-local storage wiped");
            return 0;
        }
    }
}
