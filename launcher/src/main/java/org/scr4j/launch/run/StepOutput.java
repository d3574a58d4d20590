package org.scr4j.launch.run;

/** Where a step's output goes, line by line, with the rank that printed it. */
@FunctionalInterface
public interface StepOutput {
    /**
     * @param rank   the rank that printed the line, or -1 when the backend cannot tell (srun's own messages)
     * @param stderr whether the line came on standard error
     */
    void line(int rank, String line, boolean stderr);
}
