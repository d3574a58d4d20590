package org.scr4j.launch.run;

import java.io.IOException;
import java.util.Map;

/**
 * Where a job's steps run: simulated nodes on this machine (local) or a Slurm allocation (slurm).
 * The run loop, drain and inspect see only this interface.
 */
public interface Backend {
    /** "local" or "slurm": what --backend names. */
    String name();

    /** The allocation: its job id, its nodes in order, its end. */
    Allocation allocation() throws IOException;

    /**
     * Nodes of the allocation the resource manager reports down (for local: nodes ended by
     * {@code scr4j kill-node}), each with why. Our own node checks come on top of this.
     */
    Map<String, String> downNodes() throws IOException;

    /** The address other ranks reach a node at (rank 0 listens there for the job group). */
    String address(String node) throws IOException;

    /** Starts a step: rank r runs {@link StepSpec#command()} on {@code spec.placement().get(r)}. */
    Step launch(StepSpec spec) throws IOException;
}
