package org.scr4j.launch.run;

import java.util.List;

/**
 * Runs on one node before a step: can this node's ranks use their cache tiers (exist, writable,
 * room) and reach the prefix's control directory? Prints one line the launcher reads:
 * {@code scr4j-node NODE ok} or {@code scr4j-node NODE bad PROBLEMS}.
 */
public final class NodeCheckMain {
    static final String MARK = "scr4j-node ";

    private NodeCheckMain() {
    }

    public static void main(String[] args) {
        String node = System.getenv().getOrDefault("SCR4J_NODE", System.getenv("SLURMD_NODENAME"));
        if (node == null || node.isBlank()) {
            System.err.println("scr4j node check: neither SCR4J_NODE nor SLURMD_NODENAME is set; the launcher sets one");
            System.exit(2);
        }
        List<String> problems;
        try (JobContext job = JobContext.open(null)) {
            problems = job.storage(System.getenv().getOrDefault("SCR_JOB_ID", "nojob")).problems(node);
        } catch (Exception e) {
            problems = List.of("cannot open the job's configuration or control directory: " + e.getMessage());
        }
        System.out.println(MARK + node + (problems.isEmpty() ? " ok" : " bad " + String.join("; ", problems)));
        System.exit(problems.isEmpty() ? 0 : 1);
    }
}
