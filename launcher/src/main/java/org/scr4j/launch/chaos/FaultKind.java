package org.scr4j.launch.chaos;

/** What a chaos trial kills. */
public enum FaultKind {
    /** SIGKILL of one rank's process; its node and its node-local storage stay. */
    RANK_KILL("rank-kill"),
    /** A simulated node crashes: its ranks are killed and its node-local storage wiped; it stays down. */
    NODE_CRASH("node-crash"),
    /**
     * The launcher and every process it started die at once, as when an allocation ends; then
     * {@code scr4j run} starts again in the same job directory.
     */
    LAUNCHER_KILL("launcher-kill");

    private final String label;

    FaultKind(String label) {
        this.label = label;
    }

    /** The name in the output and the JSON, such as "node-crash". */
    public String label() {
        return label;
    }
}
