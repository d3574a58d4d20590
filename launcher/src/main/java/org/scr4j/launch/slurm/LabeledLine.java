package org.scr4j.launch.slurm;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of srun's output, split into the rank {@code srun --label} put in front of it and the
 * text the rank printed. srun pads the label to the width of the largest rank ("{@code  3: text}").
 *
 * @param rank the rank, or -1 for lines without a label (srun's own messages)
 * @param text the line as the rank printed it
 */
record LabeledLine(int rank, String text) {
    private static final Pattern LABEL = Pattern.compile(" *(\\d{1,9}): ?(.*)", Pattern.DOTALL);

    /** Splits a line of a step of {@code ranks} ranks; a label outside 0..ranks-1 is not one of ours. */
    static LabeledLine parse(String line, int ranks) {
        Matcher m = LABEL.matcher(line);
        if (m.matches()) {
            int rank = Integer.parseInt(m.group(1));
            if (rank < ranks) {
                return new LabeledLine(rank, m.group(2));
            }
        }
        return new LabeledLine(-1, line);
    }
}
