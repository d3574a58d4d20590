package org.scr4j.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.scr4j.Flag;
import org.scr4j.Output;
import org.scr4j.Restart;
import org.scr4j.Scr;
import org.scr4j.conf.ConfigLoader;
import org.scr4j.erasure.Crc32c;
import org.scr4j.group.Group;
import org.scr4j.group.net.JobGroups;

/**
 * An application rank for the corruption suite, one JVM per rank, that runs one job after another
 * in the same job group, as the lines of a plan file say ({@code JOB<TAB>ACTION<TAB>KEY=VALUE ...}):
 * each job is a fresh {@link Scr#init} with its own job id and prefix, so it reads its cache from
 * disk as a relaunched job would, and {@link Scr#close} ends it. Its output for a job is framed by
 * {@code JOB name} and {@code END name} lines.
 * <ul>
 *   <li>{@code write FROM TO} writes checkpoints ckpt.FROM..ckpt.TO and prints, for every file,
 *       {@code WROTE name file size crc32c} of the bytes it wrote;
 *   <li>{@code restart [STRAY]} restarts from what the library offers and prints
 *       {@code READ name file size crc32c} of every file it is handed, so the test can hold each
 *       byte against the writer's record; with STRAY it also asks for a file it never wrote (one the
 *       test planted in the cache) and prints whether the library refused it.
 * </ul>
 * Usage: {@code CorruptionApp BYTES PLAN}.
 */
public final class CorruptionApp {
    private CorruptionApp() {
    }

    public static void main(String[] args) throws Exception {
        long bytes = Long.parseLong(args[0]);
        List<String> plan = Files.readAllLines(Path.of(args[1]));
        try (Group group = JobGroups.fromEnvironment(ConfigLoader.fromEnvironment().load(Map.of()), System.getenv())) {
            for (String line : plan) {
                String[] f = line.split("\t");
                Map<String, String> overrides = new LinkedHashMap<>();
                for (String kv : f[2].split(" ")) {
                    overrides.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                }
                String[] action = f[1].split(" ");
                System.out.println("JOB " + f[0]);
                try (Scr scr = Scr.init(group, overrides)) {
                    if (action[0].equals("write")) {
                        write(scr, Integer.parseInt(action[1]), Integer.parseInt(action[2]), bytes);
                    } else {
                        restart(scr, action.length > 1 ? Optional.of(action[1]) : Optional.empty());
                    }
                }
                System.out.println("END " + f[0]);
            }
        }
        System.out.flush();
    }

    private static void write(Scr scr, int from, int to, long bytes) throws IOException {
        for (int i = from; i <= to; i++) {
            String name = "ckpt." + i;
            try (Output out = scr.startOutput(name, Flag.CHECKPOINT)) {
                for (String file : files(scr.rank())) {
                    byte[] data = content(scr.rank(), i, file, bytes);
                    Files.write(out.route(file), data);
                    System.out.println("WROTE " + name + " " + file + " " + data.length + " " + crc(data));
                }
                System.out.println("CHECKPOINT " + name + " " + (out.complete(true) ? "committed" : "discarded"));
            }
        }
    }

    private static void restart(Scr scr, Optional<String> stray) throws IOException {
        Optional<String> name = scr.haveRestart();
        if (name.isEmpty()) {
            System.out.println("NO-RESTART");
            return;
        }
        try (Restart r = scr.startRestart(name.get())) {
            for (String file : files(scr.rank())) {
                byte[] found = Files.readAllBytes(r.route(file));
                System.out.println("READ " + name.get() + " " + file + " " + found.length + " " + crc(found));
            }
            if (stray.isPresent()) {
                try {
                    System.out.println("STRAY-ROUTED " + r.route(stray.get()));
                } catch (IllegalArgumentException e) {
                    System.out.println("STRAY-REFUSED " + e.getMessage());
                }
            }
            System.out.println("RESTARTED " + name.get() + (r.complete(true) ? " completed" : " not-completed"));
        }
    }

    static List<String> files(int rank) {
        return List.of("rank." + rank + "/state.bin", "rank." + rank + "/extra.bin");
    }

    /** The bytes a rank writes to a file of checkpoint i: sizes differ per rank (rank 1's extra.bin is empty), content per rank, checkpoint and file. */
    static byte[] content(int rank, int checkpoint, String file, long bytes) {
        long size = file.endsWith("state.bin") ? bytes + rank * 7919L + checkpoint : rank == 1 ? 0 : 1000L * rank + 17;
        byte[] data = new byte[(int) size];
        new SplittableRandom(((long) rank << 32) ^ ((long) checkpoint << 16) ^ file.hashCode()).nextBytes(data);
        return data;
    }

    private static String crc(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return Crc32c.hex(crc.getValue());
    }
}
