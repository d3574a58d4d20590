package org.scr4j.launch.run;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** 'scr4j drain': SCR's scavenge, after the job (or after the launcher died). */
@Command(name = "drain", mixinStandardHelpOptions = true,
        description = "Copy the newest cached checkpoint, and outputs not yet flushed, from the job's nodes that are still up"
                + " to the prefix, rebuilding lost files where the redundancy scheme allows; update the index.",
        footer = {"", "Example:", "  scr4j drain --conf job.conf      # after scr4j run (or the launcher) died"})
public final class DrainCommand implements Callable<Integer> {
    @Option(names = "--conf", paramLabel = "FILE", description = "The job file (default $SCR_CONF_FILE).")
    String conf;

    @Override
    public Integer call() throws Exception {
        try (JobContext job = JobContext.open(conf)) {
            LauncherState state = LauncherState.require(job.control);
            return new Drainer(job, state, job.backend(state), System.out).run(true) ? 0 : 1;
        }
    }
}
