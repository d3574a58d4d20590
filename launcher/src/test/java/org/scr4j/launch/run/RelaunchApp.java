package org.scr4j.launch.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.scr4j.Flag;
import org.scr4j.Output;
import org.scr4j.Restart;
import org.scr4j.Scr;

/**
 * A rank of the launcher tests' application: a deterministic state of BYTES bytes evolves step by
 * step, is checkpointed whenever the library says so, and restarted from the newest checkpoint.
 * Its final checksum depends only on the rank and the number of steps, so a job killed and
 * relaunched any number of times must end with {@link #expected}.
 *
 * <p>Arguments: STEPS BYTES STEP_MILLIS [HANG_AT MARKER]: with HANG_AT, the first run that reaches
 * that step creates MARKER and hangs there for good; later runs see MARKER and carry on.
 */
public final class RelaunchApp {
    private RelaunchApp() {
    }

    public static void main(String[] args) throws Exception {
        int steps = Integer.parseInt(args[0]);
        int bytes = Integer.parseInt(args[1]);
        long stepMillis = Long.parseLong(args[2]);
        int hangAt = args.length > 3 ? Integer.parseInt(args[3]) : -1;
        Path marker = args.length > 4 ? Path.of(args[4]) : null;
        try (Scr scr = Scr.init()) {
            int rank = scr.rank();
            byte[] state = initial(rank, bytes);
            int step = 0;
            Optional<String> name = scr.haveRestart();
            if (name.isPresent()) {
                try (Restart r = scr.startRestart(name.get())) {
                    byte[] all = Files.readAllBytes(r.route("rank." + rank + "/state.bin"));
                    step = ByteBuffer.wrap(all).getInt();
                    System.arraycopy(all, 4, state, 0, bytes);
                    r.complete(true);
                }
                System.out.println("rank " + rank + " restarted from " + name.get() + " at step " + step);
            }
            while (step < steps) {
                if (step == hangAt && marker != null && rank == 0 && !Files.exists(marker)) {
                    Files.createFile(marker);
                    System.out.println("rank " + rank + " hangs at step " + step);
                    Thread.sleep(Long.MAX_VALUE);
                }
                advance(state, rank, step);
                step++;
                Thread.sleep(stepMillis);
                if (scr.needCheckpoint()) {
                    checkpoint(scr, rank, step, state);
                }
                if (scr.shouldExit()) {
                    System.out.println("rank " + rank + " exits at step " + step + ": halt");
                    return;
                }
            }
            System.out.println("rank " + rank + " step " + step + " checksum " + checksum(state));
        }
    }

    private static void checkpoint(Scr scr, int rank, int step, byte[] state) throws IOException {
        try (Output out = scr.startOutput("ckpt." + step, Flag.CHECKPOINT)) {
            Path file = out.route("rank." + rank + "/state.bin");
            ByteBuffer all = ByteBuffer.allocate(4 + state.length).putInt(step).put(state);
            Files.write(file, all.array());
            out.complete(true);
        }
    }

    static byte[] initial(int rank, int bytes) {
        byte[] state = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            state[i] = (byte) (i * 7 + rank);
        }
        return state;
    }

    static void advance(byte[] state, int rank, int step) {
        for (int i = 0; i < state.length; i++) {
            state[i] = (byte) (state[i] * 31 + i + step + rank);
        }
    }

    static String checksum(byte[] state) {
        CRC32C crc = new CRC32C();
        crc.update(state);
        return Long.toHexString(crc.getValue());
    }

    /** The checksum rank {@code rank} ends with after {@code steps} steps, however often it was restarted. */
    static String expected(int rank, int bytes, int steps) {
        byte[] state = initial(rank, bytes);
        for (int s = 0; s < steps; s++) {
            advance(state, rank, s);
        }
        return checksum(state);
    }
}
