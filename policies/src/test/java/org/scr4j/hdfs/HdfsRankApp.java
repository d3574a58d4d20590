package org.scr4j.hdfs;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.scr4j.Flag;
import org.scr4j.Output;
import org.scr4j.Restart;
import org.scr4j.Scr;

/**
 * One rank of a job whose prefix is on HDFS, one JVM per rank, configured and joined through the
 * environment as a launcher would. Its arguments are steps run in order in one Scr session:
 * "restart" restarts from what the library offers and checks every byte against what that
 * checkpoint wrote, printing "RESTARTED NAME OK" (or MISMATCH, or "NO-RESTART"); "write FROM TO"
 * writes checkpoints ckpt.FROM..ckpt.TO, printing "CHECKPOINT NAME committed" (or discarded).
 */
public final class HdfsRankApp {
    private HdfsRankApp() {
    }

    public static void main(String[] args) throws Exception {
        try (Scr scr = Scr.init()) {
            for (int a = 0; a < args.length; a++) {
                switch (args[a]) {
                    case "restart" -> System.out.println(restart(scr));
                    case "write" -> {
                        int from = Integer.parseInt(args[++a]);
                        int to = Integer.parseInt(args[++a]);
                        for (int i = from; i <= to; i++) {
                            System.out.println("CHECKPOINT ckpt." + i + " " + (write(scr, i) ? "committed" : "discarded"));
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown step '" + args[a] + "'; steps are restart, write FROM TO");
                }
            }
        }
        System.out.flush();
    }

    /** Writes this rank's files of checkpoint ckpt.C; returns what complete(true) answered. */
    public static boolean write(Scr scr, int checkpoint) throws IOException {
        try (Output out = scr.startOutput("ckpt." + checkpoint, Flag.CHECKPOINT)) {
            for (String file : files(scr.rank())) {
                Files.write(out.route(file), content(scr.rank(), checkpoint, file));
            }
            return out.complete(true);
        }
    }

    /** Restarts from what the library offers: "RESTARTED NAME OK" when every byte is what was written. */
    public static String restart(Scr scr) throws IOException {
        Optional<String> name = scr.haveRestart();
        if (name.isEmpty()) {
            return "NO-RESTART";
        }
        int checkpoint = Integer.parseInt(name.get().substring("ckpt.".length()));
        try (Restart r = scr.startRestart(name.get())) {
            String problem = null;
            for (String file : files(scr.rank())) {
                byte[] found = Files.readAllBytes(r.route(file));
                if (!Arrays.equals(content(scr.rank(), checkpoint, file), found)) {
                    problem = file + " differs (" + found.length + " bytes)";
                }
            }
            boolean completed = r.complete(problem == null);
            return "RESTARTED " + name.get() + " " + (problem == null ? completed ? "OK" : "OK but complete(true) was refused"
                    : "MISMATCH " + problem);
        }
    }

    /** The files rank r writes in every checkpoint: one spanning several HDFS blocks, one small. */
    public static List<String> files(int rank) {
        return List.of("rank." + rank + "/state.bin", "rank." + rank + "/small.bin");
    }

    /** What rank r writes to a file of checkpoint c: sizes differ per rank and checkpoint, bytes per file too. */
    public static byte[] content(int rank, int checkpoint, String file) {
        int size = file.endsWith("state.bin") ? (int) (MiniHdfs.BLOCK * 5 / 2) + 4099 * rank + checkpoint : 100 + rank;
        byte[] data = new byte[size];
        new SplittableRandom(((long) rank << 40) ^ ((long) checkpoint << 20) ^ file.hashCode()).nextBytes(data);
        return data;
    }
}
