package org.scr4j.launch.run;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** 'scr4j rebuild': recreate lost ranks' cached files from redundancy data, without running the job. */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = "Rebuild the cached files of ranks whose nodes were lost, from the redundancy data on the nodes still up"
                + " (their ranks move to spare nodes); datasets that cannot be rebuilt are reported and removed from the cache.",
        footer = {"", "Example:", "  scr4j rebuild --conf job.conf && scr4j inspect --conf job.conf"})
public final class RebuildCommand implements Callable<Integer> {
    @Option(names = "--conf", paramLabel = "FILE", description = "The job file (default $SCR_CONF_FILE).")
    String conf;

    @Override
    public Integer call() throws Exception {
        try (JobContext job = JobContext.open(conf)) {
            LauncherState state = LauncherState.require(job.control);
            Drainer drainer = new Drainer(job, state, job.backend(state), System.out);
            return drainer.run(false) ? 0 : 1;
        }
    }
}
