package org.scr4j.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.scr4j.Flag;
import org.scr4j.Output;
import org.scr4j.Restart;
import org.scr4j.Scr;

/**
 * One rank of the security suite's jobs, a JVM of its own joined through its environment as the
 * launcher starts ranks. "write FROM TO" writes checkpoints ckpt.FROM..ckpt.TO; "restart" restarts
 * from what the library offers and compares every byte with what that checkpoint wrote, printing
 * "RESTARTED name OK" or "RESTARTED name MISMATCH"; "drain" copies the cache to the prefix as
 * {@code scr4j drain} does and prints each line of its report after "DRAIN ".
 */
public final class SecurityApp {
    /** Bytes of rank 0's state file; each rank's is a little longer, so no two are alike. */
    static final int BYTES = 256 << 10;

    private SecurityApp() {
    }

    public static void main(String[] args) throws Exception {
        try (Scr scr = Scr.init()) {
            switch (args[0]) {
                case "write" -> {
                    for (int i = Integer.parseInt(args[1]); i <= Integer.parseInt(args[2]); i++) {
                        try (Output out = scr.startOutput("ckpt." + i, Flag.CHECKPOINT)) {
                            Files.write(out.route(file(scr.rank())), content(scr.rank(), i));
                            System.out.println("CHECKPOINT ckpt." + i + " " + (out.complete(true) ? "committed" : "discarded"));
                        }
                    }
                }
                case "restart" -> restart(scr);
                case "drain" -> scr.drain().forEach(line -> System.out.println("DRAIN " + line));
                default -> throw new IllegalArgumentException("no mode " + args[0]);
            }
        }
        System.out.flush();
    }

    private static void restart(Scr scr) throws Exception {
        Optional<String> name = scr.haveRestart();
        if (name.isEmpty()) {
            System.out.println("NO-RESTART");
            return;
        }
        int i = Integer.parseInt(name.get().substring("ckpt.".length()));
        try (Restart r = scr.startRestart(name.get())) {
            Path path = r.route(file(scr.rank()));
            boolean same = Arrays.equals(content(scr.rank(), i), Files.readAllBytes(path));
            r.complete(same);
            System.out.println("RESTARTED " + name.get() + " " + (same ? "OK" : "MISMATCH"));
        }
    }

    /** The file rank r writes in every checkpoint. */
    static String file(int rank) {
        return "rank." + rank + "/state.bin";
    }

    /** What rank r writes in checkpoint i: different for every rank and checkpoint. */
    static byte[] content(int rank, int checkpoint) {
        byte[] data = new byte[BYTES + 7 * rank];
        new SplittableRandom(((long) rank << 32) ^ checkpoint).nextBytes(data);
        return data;
    }
}
