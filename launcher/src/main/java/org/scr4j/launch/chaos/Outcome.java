package org.scr4j.launch.chaos;

/** How a chaos trial ended, worst last. */
public enum Outcome {
    /** Every restart after a fault began at the newest checkpoint committed before it; the checksums are exact. */
    RECOVERED_NEWEST("recovered-newest"),
    /**
     * A documented fallback: some restart began at an older checkpoint than the newest committed
     * before its fault (or from scratch), since the newer one was lost by design; the checksums are exact.
     */
    RECOVERED_OLDER("recovered-older"),
    /**
     * The launcher stopped by design with a non-zero exit and said why (too few nodes, no runs
     * left); {@code scr4j run} on fresh nodes then finished with exact checksums.
     */
    REFUSED("refused"),
    /** A hang past the trial's deadline, a stop the launcher did not explain, or a missing checksum. */
    FAILED("failed"),
    /** A rank printed a final checksum that differs from the uninterrupted computation's. */
    SILENT_CORRUPTION("SILENT-CORRUPTION");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
