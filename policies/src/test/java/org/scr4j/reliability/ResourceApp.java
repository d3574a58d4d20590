package org.scr4j.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.scr4j.Flag;
import org.scr4j.Output;
import org.scr4j.Restart;
import org.scr4j.Scr;

/**
 * One rank of the resources suite's jobs, one JVM per rank, joined through the environment as a
 * launcher would. Its arguments are steps run in order in one Scr session, each printing what the
 * application saw:
 * <ul>
 * <li>"write C BYTES": writes ckpt.C (a state file of about BYTES and a small one); a write that
 * fails (a full or read-only tier) prints "WRITE-FAILED ckpt.C: path: message" and completes with false, as an
 * application that checks its own I/O does; then "CHECKPOINT ckpt.C committed" (or discarded), or
 * "START-FAILED ckpt.C: message" when startOutput itself threw.
 * <li>"pause C BYTES": as write, but rank 1 prints "PAUSED ckpt.C" after its state file, and waits
 * for the signal file "go.C" before it writes the next (the test fills the tier meanwhile, or
 * makes it read-only).
 * <li>"await NAME": prints "AWAITING NAME" and waits for the signal file NAME (the test changes
 * the tier between two checkpoints).
 * <li>"restart": restarts from what the library offers and checks every byte: "RESTARTED ckpt.C OK
 * crc32c=X" (or MISMATCH, or REFUSED when complete(true) answered false), or "NO-RESTART".
 * <li>"tick": needCheckpoint() and shouldExit(), as an application's loop asks them at every step:
 * "TICK need=B exit=B", or "TICK-FAILED exception".
 * <li>"drain": prints "DRAIN line" for each line of the drain report.
 * </ul>
 * Signal files are in the directory SCR4J_TEST_SIGNALS.
 */
public final class ResourceApp {
    /** How long a rank waits for a signal from the test before it gives up. */
    private static final long WAIT_MILLIS = 120_000;
    /** The rank that pauses mid-write: the one whose tier the test fills. */
    static final int PAUSING_RANK = 1;

    private ResourceApp() {
    }

    public static void main(String[] args) throws Exception {
        Path signals = Path.of(System.getenv("SCR4J_TEST_SIGNALS"));
        try (Scr scr = Scr.init()) {
            for (int a = 0; a < args.length; a++) {
                switch (args[a]) {
                    case "write", "pause" -> {
                        boolean pause = args[a].equals("pause");
                        int c = Integer.parseInt(args[++a]);
                        long bytes = Long.parseLong(args[++a]);
                        System.out.println(write(scr, c, bytes, pause ? signals : null));
                    }
                    case "await" -> {
                        String name = args[++a];
                        System.out.println("AWAITING " + name);
                        System.out.flush();
                        await(signals.resolve(name));
                    }
                    case "restart" -> System.out.println(restart(scr));
                    case "tick" -> {
                        try {
                            System.out.println("TICK need=" + scr.needCheckpoint() + " exit=" + scr.shouldExit());
                        } catch (RuntimeException e) {
                            System.out.println("TICK-FAILED " + e);
                        }
                    }
                    case "drain" -> scr.drain().forEach(line -> System.out.println("DRAIN " + line));
                    default -> throw new IllegalArgumentException("unknown step '" + args[a] + "'");
                }
                System.out.flush();
            }
        }
        System.out.flush();
    }

    private static String write(Scr scr, int c, long bytes, Path signals) {
        String name = "ckpt." + c;
        Output out;
        try {
            out = scr.startOutput(name, Flag.CHECKPOINT);
        } catch (RuntimeException e) {
            return "START-FAILED " + name + ": " + e.getMessage();
        }
        try (out) {
            boolean valid = true;
            String failure = "";
            for (String file : files(scr.rank())) {
                if (signals != null && scr.rank() == PAUSING_RANK && file.endsWith("small.bin")) {
                    // Between two files, none open: a tmpfs with a file open for writing cannot be remounted read-only.
                    System.out.println("PAUSED " + name);
                    System.out.flush();
                    await(signals.resolve("go." + c));
                }
                Path path = out.route(file);
                try (OutputStream stream = Files.newOutputStream(path)) {
                    stream.write(content(scr.rank(), c, file, bytes));
                } catch (IOException e) {
                    valid = false;
                    failure = "WRITE-FAILED " + name + ": " + path + ": " + e.getMessage() + "\n";
                    break;
                }
            }
            return failure + "CHECKPOINT " + name + " " + (out.complete(valid) ? "committed" : "discarded");
        }
    }

    private static void await(Path signal) {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!Files.exists(signal)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("no signal " + signal + " within " + WAIT_MILLIS + " ms");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + signal, e);
            }
        }
    }

    private static String restart(Scr scr) throws IOException {
        Optional<String> name = scr.haveRestart();
        if (name.isEmpty()) {
            return "NO-RESTART";
        }
        int c = Integer.parseInt(name.get().substring("ckpt.".length()));
        long bytes = -1;
        try (Restart r = scr.startRestart(name.get())) {
            String problem = null;
            CRC32C crc = new CRC32C();
            for (String file : files(scr.rank())) {
                byte[] found = Files.readAllBytes(r.route(file));
                crc.update(found);
                if (file.endsWith("state.bin")) {
                    bytes = found.length - stateExtra(scr.rank(), c);
                }
                if (bytes < 0 || !Arrays.equals(content(scr.rank(), c, file, bytes), found)) {
                    problem = file + " differs from what ckpt." + c + " wrote (" + found.length + " bytes)";
                    break;
                }
            }
            boolean completed = r.complete(problem == null);
            return "RESTARTED " + name.get() + " " + (problem != null ? "MISMATCH " + problem : completed ? "OK" : "REFUSED")
                    + " crc32c=" + Long.toHexString(crc.getValue());
        }
    }

    /** The files rank r writes in every checkpoint: its state, and a small one. */
    static List<String> files(int rank) {
        return List.of("rank." + rank + "/state.bin", "rank." + rank + "/small.bin");
    }

    /** How much longer than BYTES rank r's state file of checkpoint c is: sizes differ per rank and checkpoint. */
    static long stateExtra(int rank, int c) {
        return 4099L * rank + c;
    }

    /** What rank r writes to a file of checkpoint c of about {@code bytes}: the same bytes whenever it is written again. */
    static byte[] content(int rank, int c, String file, long bytes) {
        long size = file.endsWith("state.bin") ? bytes + stateExtra(rank, c) : 100 + rank;
        byte[] data = new byte[Math.toIntExact(size)];
        new SplittableRandom(((long) rank << 40) ^ ((long) c << 20) ^ bytes ^ file.hashCode()).nextBytes(data);
        return data;
    }
}
