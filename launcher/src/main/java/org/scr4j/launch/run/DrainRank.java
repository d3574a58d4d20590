package org.scr4j.launch.run;

import java.util.List;
import java.util.Map;
import org.scr4j.Scr;

/**
 * A rank of a drain or rebuild step, started by the launcher on the job's nodes after the job.
 * Joining the job rebuilds whatever the lost nodes held (Scr.init does that, where the scheme
 * allows); a drain then copies to the prefix what only the cache holds. Rank 0 prints the report
 * as {@code scr4j-drain ...} lines and every rank its progress as {@code scr4j-progress DONE TOTAL}.
 */
public final class DrainRank {
    static final String REPORT = "scr4j-drain ";
    static final String PROGRESS = "scr4j-progress ";

    private DrainRank() {
    }

    public static void main(String[] args) {
        boolean drain = args.length == 0 || args[0].equals("drain");
        // A rebuild must not flush as a side effect of close().
        try (Scr scr = Scr.init(drain ? Map.of() : Map.of("scr.flush", "0"))) {
            if (drain) {
                List<String> report = scr.drain((done, total) -> System.out.println(PROGRESS + done + " " + total));
                if (scr.rank() == 0) {
                    report.forEach(line -> System.out.println(REPORT + line));
                }
            } else if (scr.rank() == 0) {
                System.out.println(REPORT + "the cache is consistent: every dataset that could be rebuilt was");
            }
        }
        System.out.flush();
    }
}
