package org.scr4j.launch.slurm;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.scr4j.launch.run.StepSpec;

/**
 * The srun command line and environment that run a step with its exact placement.
 *
 * <p>Verified on Slurm 22.05: rank r lands on line r of the SLURM_HOSTFILE with
 * {@code --distribution=arbitrary} and {@code -N}/{@code -n}, but only without {@code --nodelist}
 * (srun ignores the host file then and places ranks in block order). {@code --overcommit} lets a
 * node take more ranks than the CPUs the job holds there (salloc -N4 holds one per node);
 * {@code --overlap} lets the step start while an earlier step is still being cleaned up, instead of
 * waiting for its CPUs forever.
 *
 * @param jobId    the allocation's job id
 * @param stepName the step's name in squeue, unique, so the step can be found and cancelled
 * @param hostFile the file with rank r's node on line r (see {@link #hostFile(List)})
 * @param spec     the step
 */
record SrunCommand(String jobId, String stepName, Path hostFile, StepSpec spec) {
    /**
     * Inherited variables that srun reads as options and that contradict an arbitrary layout (an
     * sbatch --ntasks-per-node, --exclusive steps); srun would refuse or reorder the step.
     */
    static final Set<String> LAYOUT_VARIABLES = Set.of("SLURM_NTASKS_PER_NODE", "SLURM_NTASKS_PER_CORE",
            "SLURM_NTASKS_PER_SOCKET", "SLURM_NTASKS_PER_GPU", "SLURM_EXACT", "SLURM_EXCLUSIVE", "SLURM_SPREAD_JOB",
            "SLURM_USE_MIN_NODES", "SLURM_DIST_PLANESIZE", "SLURM_DISTRIBUTION");

    SrunCommand {
        requireNonNull(jobId, "jobId is null");
        requireNonNull(stepName, "stepName is null");
        requireNonNull(hostFile, "hostFile is null");
        requireNonNull(spec, "spec is null");
    }

    /** The distinct nodes of the step, in the order ranks first use them. */
    List<String> nodes() {
        return List.copyOf(new LinkedHashSet<>(spec.placement()));
    }

    List<String> argv() {
        List<String> argv = new ArrayList<>(List.of("srun",
                "--jobid=" + jobId,
                "--job-name=" + stepName,
                "--nodes=" + nodes().size(),
                "--ntasks=" + spec.ranks(),
                "--distribution=arbitrary",
                "--overcommit",
                "--overlap",
                // Each output line starts with its rank; LabeledLine takes the label off again.
                "--label",
                // One rank failing ends the others: the run loop relaunches the whole step.
                "--kill-on-bad-exit=1",
                "--chdir=" + spec.workDir().toAbsolutePath(),
                "--export=ALL",
                "--input=none"));
        argv.addAll(spec.command());
        return argv;
    }

    /**
     * The environment of srun, which it exports to every rank: the launcher's, less layout options
     * from an enclosing sbatch, plus the step's variables and the host file.
     */
    Map<String, String> environment(Map<String, String> launcherEnv) {
        Map<String, String> env = new HashMap<>(launcherEnv);
        env.keySet().removeAll(LAYOUT_VARIABLES);
        env.putAll(spec.env());
        env.put("SLURM_HOSTFILE", hostFile.toAbsolutePath().toString());
        return env;
    }

    /** The host file's text: rank r's node on line r. */
    static String hostFile(List<String> placement) {
        return String.join("\n", placement) + "\n";
    }
}
