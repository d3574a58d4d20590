package org.scr4j.launch.run;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The nodes a job may use, in order, and when it ends.
 *
 * @param jobId   the resource manager's job id; on the local backend one made up per run
 * @param nodes   every node of the allocation, in the order steps fill them
 * @param endTime when the allocation ends, epoch seconds; 0 when unknown or unlimited
 */
public record Allocation(String jobId, List<String> nodes, long endTime) {
    public Allocation {
        requireNonNull(jobId, "jobId is null");
        nodes = List.copyOf(requireNonNull(nodes, "nodes is null"));
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("an allocation has at least one node");
        }
    }
}
