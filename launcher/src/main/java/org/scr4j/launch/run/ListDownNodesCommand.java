package org.scr4j.launch.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scr4j.launch.slurm.HostList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** 'scr4j list-down-nodes': SCR's scr_list_down_nodes. */
@Command(name = "list-down-nodes", mixinStandardHelpOptions = true,
        description = "List the job's nodes that are down: the resource manager's view, the launcher's own node checks and"
                + " SCR_EXCLUDE_NODES. Prints a compact host list (nothing when none is down).",
        footer = {"", "Examples:", "  scr4j list-down-nodes --conf job.conf            # n[2,5]",
                "  scr4j list-down-nodes --reason --conf job.conf   # one node per line, with why"})
public final class ListDownNodesCommand implements Callable<Integer> {
    @Option(names = "--conf", paramLabel = "FILE", description = "The job file (default $SCR_CONF_FILE).")
    String conf;

    @Option(names = "--reason", description = "Print each down node with the reason.")
    boolean reason;

    @Option(names = "--check", description = "Also run the node check (cache tiers exist, writable, room) on the nodes not known down.")
    boolean check;

    @Override
    public Integer call() throws Exception {
        try (JobContext job = JobContext.open(conf)) {
            LauncherState state = LauncherState.require(job.control);
            Backend backend = job.backend(state);
            Map<String, String> down = new DownNodes(job.control).all(backend, job.excludedNodes());
            if (check) {
                List<String> up = new ArrayList<>(state.nodes());
                up.removeAll(down.keySet());
                down.putAll(new NodeChecks(backend, job.storage(state.jobId()),
                        new JobSteps(state, backend, java.nio.file.Path.of("").toAbsolutePath())).check(up));
            }
            if (reason) {
                down.forEach((node, why) -> System.out.println(node + ": " + why));
            } else if (!down.isEmpty()) {
                System.out.println(HostList.format(new ArrayList<>(down.keySet())));
            }
            return 0;
        }
    }
}
