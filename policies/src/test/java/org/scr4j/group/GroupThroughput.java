package org.scr4j.group;

import java.time.Duration;
import java.util.List;
import org.scr4j.testing.RankProcesses;

/**
 * Measures the data path by hand, not as a test: two ranks on 127.0.0.1, rank 0 streams to rank 1
 * in 4 MiB messages by send() and by sendFile(), and rank 1 prints the rates. Run it on the test
 * class path with the number of MiB as argument, for example 4096, and any JVM options for the
 * ranks after it.
 */
public final class GroupThroughput {
    private GroupThroughput() {
    }

    public static void main(String[] args) throws Exception {
        String mib = args.length > 0 ? args[0] : "4096";
        try (RankProcesses ranks = RankProcesses.of(GroupProbe.class, List.of("node0", "node1")).args("throughput", mib)
                .jvmOptions("-Xmx512m")
                .jvmOptions(java.util.Arrays.copyOfRange(args, Math.min(1, args.length), args.length)).env("PROBE_DIR", System.getProperty("java.io.tmpdir")).start()) {
            List<Integer> codes = ranks.waitForAll(Duration.ofMinutes(5));
            System.out.println("exit codes " + codes);
            for (int r = 0; r < 2; r++) {
                ranks.lines(r).stream().filter(l -> l.contains("GB/s") || l.contains("of CPU")).forEach(System.out::println);
            }
            if (!codes.equals(List.of(0, 0))) {
                System.out.println(ranks.output(0) + "\n" + ranks.output(1));
            }
        }
    }
}
