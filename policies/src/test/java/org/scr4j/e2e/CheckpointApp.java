package org.scr4j.e2e;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.scr4j.Flag;
import org.scr4j.Output;
import org.scr4j.Restart;
import org.scr4j.Scr;

/**
 * An application rank for the multi-node tests, one JVM per rank, joined through the environment
 * as a launcher would: "write BYTES FROM TO" writes checkpoints ckpt.FROM..ckpt.TO, "restart BYTES" restarts from what
 * the library offers and checks every byte against what that checkpoint wrote. Each rank writes
 * two files of its own sizes (one empty on rank 1), so sets have uneven members.
 */
public final class CheckpointApp {
    private CheckpointApp() {
    }

    public static void main(String[] args) throws Exception {
        long bytes = Long.parseLong(args[1]);
        try (Scr scr = Scr.init()) {
            if (args[0].equals("write")) {
                int from = Integer.parseInt(args[2]);
                int to = Integer.parseInt(args[3]);
                for (int i = from; i <= to; i++) {
                    try (Output out = scr.startOutput("ckpt." + i, Flag.CHECKPOINT)) {
                        for (String file : files(scr.rank())) {
                            write(out.route(file), content(scr.rank(), i, file, bytes));
                        }
                        System.out.println("CHECKPOINT ckpt." + i + " " + (out.complete(true) ? "committed" : "discarded"));
                    }
                }
            } else {
                Optional<String> name = scr.haveRestart();
                if (name.isEmpty()) {
                    System.out.println("NO-RESTART");
                } else {
                    int i = Integer.parseInt(name.get().substring("ckpt.".length()));
                    try (Restart r = scr.startRestart(name.get())) {
                        String problem = null;
                        for (String file : files(scr.rank())) {
                            byte[] expected = content(scr.rank(), i, file, bytes);
                            byte[] found = java.nio.file.Files.readAllBytes(r.route(file));
                            if (!Arrays.equals(expected, found)) {
                                problem = file + " differs (" + found.length + " bytes, expected " + expected.length + ")";
                            }
                        }
                        r.complete(problem == null);
                        System.out.println("RESTARTED " + name.get() + " " + (problem == null ? "OK" : "MISMATCH " + problem));
                    }
                }
            }
        }
        System.out.flush();
    }

    static List<String> files(int rank) {
        return List.of("rank." + rank + "/state.bin", "rank." + rank + "/extra.bin");
    }

    /** The bytes a rank writes to a file of checkpoint i: sizes differ per rank, content per rank, checkpoint and file. */
    static byte[] content(int rank, int checkpoint, String file, long bytes) {
        long size = file.endsWith("state.bin") ? bytes + rank * 7919L + checkpoint : rank == 1 ? 0 : 1000L * rank + 17;
        byte[] data = new byte[(int) size];
        new SplittableRandom(((long) rank << 32) ^ ((long) checkpoint << 16) ^ file.hashCode()).nextBytes(data);
        return data;
    }

    private static void write(Path path, byte[] data) throws IOException {
        try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.hasRemaining()) {
                out.write(b);
            }
        }
    }
}
