package org.scr4j.launch.run;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One step to launch.
 *
 * @param label     for messages: "run 2", "drain", "node check"
 * @param command   the program and its arguments, the same for every rank
 * @param placement the node of each rank: rank r runs on placement.get(r); a node may appear many times
 * @param env       added to every rank's environment. The backend adds the rank's own
 *                  (SCR4J_RANK, SCR4J_SIZE, SCR4J_NODE on local; Slurm sets SLURM_PROCID and the like)
 * @param workDir   the ranks' working directory
 * @param output    receives every line the ranks print
 */
public record StepSpec(String label, List<String> command, List<String> placement, Map<String, String> env, Path workDir,
        StepOutput output) {
    public StepSpec {
        requireNonNull(label, "label is null");
        command = List.copyOf(requireNonNull(command, "command is null"));
        placement = List.copyOf(requireNonNull(placement, "placement is null"));
        env = Map.copyOf(requireNonNull(env, "env is null"));
        requireNonNull(workDir, "workDir is null");
        requireNonNull(output, "output is null");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a step needs a command");
        }
        if (placement.isEmpty()) {
            throw new IllegalArgumentException("a step needs at least one rank");
        }
    }

    public int ranks() {
        return placement.size();
    }
}
