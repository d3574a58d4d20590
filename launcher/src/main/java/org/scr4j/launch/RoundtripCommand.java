package org.scr4j.launch;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.scr4j.conf.ConfiguredTiers;
import org.scr4j.conf.JobIdentity;
import org.scr4j.erasure.Crc32c;
import org.scr4j.tier.Reservation;
import org.scr4j.tier.StorageTier;
import org.scr4j.tier.TierWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * 'scr4j roundtrip': writes a small dataset to every configured tier, lists it, reads it back and
 * checks each file's CRC32C, then deletes it.
 */
@Command(name = "roundtrip", mixinStandardHelpOptions = true,
        description = {"Write, list and read back a dataset on every configured tier, checking CRC32C.",
            "Without --conf or $SCR_CONF_FILE it uses examples/tiers.conf: a RAM disk, an SSD directory,",
            "an NVRAM directory and a file:// parallel file system under /tmp/scr4j-demo."},
        footer = {"", "Example: scr4j roundtrip", "Example: scr4j roundtrip --conf job.conf --size 256 --keep"})
final class RoundtripCommand implements Callable<Integer> {
    private static final String DATASET = "scr4j.roundtrip";

    @Mixin
    JobFileOption jobFile;

    @Option(names = "--size", paramLabel = "MiB", defaultValue = "16", description = "Size of the dataset's large file (default: ${DEFAULT-VALUE} MiB).")
    int sizeMiB;

    @Option(names = "--keep", description = "Keep the dataset on every tier instead of deleting it.")
    boolean keep;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Environment environment = Environment.load(jobFile.file != null ? jobFile.file : defaultConf());
        out.println("configuration: " + environment.env.getOrDefault("SCR_CONF_FILE", "(defaults only)"));
        Map<String, byte[]> files = new LinkedHashMap<>();
        byte[] state = new byte[sizeMiB << 20];
        new Random(2026).nextBytes(state);
        files.put("state.bin", state);
        files.put("meta/info.txt", ("scr4j demo dataset, " + state.length + " bytes of state\n").getBytes(StandardCharsets.UTF_8));
        long total = files.values().stream().mapToLong(b -> b.length).sum();

        List<StorageTier> tiers = environment.injector.getInstance(ConfiguredTiers.class)
                .open(JobIdentity.of(environment.config, environment.env));
        out.printf("%-8s %-8s %-15s %-9s %-9s %s%n", "tier", "type", "durability", "write", "read", "location");
        int verified = 0;
        for (StorageTier tier : tiers) {
            try (tier) {
                long start = System.nanoTime();
                try (Reservation reservation = tier.reserve(total)) {
                    tier.createDataset(DATASET);
                    for (Map.Entry<String, byte[]> f : files.entrySet()) {
                        try (TierWriter writer = tier.create(DATASET, f.getKey())) {
                            writer.write(f.getValue());
                            writer.commit();
                        }
                    }
                }
                double writeSeconds = (System.nanoTime() - start) / 1e9;
                List<String> listed = tier.listFiles(DATASET);
                if (!listed.equals(List.copyOf(files.keySet()).stream().sorted().toList())) {
                    throw new IllegalStateException("tier '" + tier.name() + "' lists " + listed + ", expected " + files.keySet());
                }
                start = System.nanoTime();
                for (Map.Entry<String, byte[]> f : files.entrySet()) {
                    long crc;
                    try (InputStream in = tier.open(DATASET, f.getKey())) {
                        crc = Crc32c.of(in);
                    }
                    if (crc != Crc32c.of(f.getValue())) {
                        throw new IllegalStateException("tier '" + tier.name() + "': " + f.getKey() + " read back with CRC32C "
                                + Crc32c.hex(crc) + ", written with " + Crc32c.hex(Crc32c.of(f.getValue())));
                    }
                }
                double readSeconds = (System.nanoTime() - start) / 1e9;
                out.printf("%-8s %-8s %-15s %-9s %-9s %s%n", tier.name(), tier.type(), tier.durability(), rate(total, writeSeconds),
                        rate(total, readSeconds), tier.location());
                if (!keep) {
                    tier.deleteDataset(DATASET);
                }
                verified++;
            }
        }
        out.printf("%d of %d tiers wrote, listed and read back dataset '%s' (%d files, %d bytes), CRC32C verified%s%n", verified,
                tiers.size(), DATASET, files.size(), total, keep ? "; kept" : "; deleted again");
        return 0;
    }

    private static String rate(long bytes, double seconds) {
        return String.format("%.0fMB/s", bytes / 1e6 / Math.max(seconds, 1e-9));
    }

    /** examples/tiers.conf of this installation, unless the user named a job file. */
    private static String defaultConf() {
        if (System.getenv("SCR_CONF_FILE") != null) {
            return null;
        }
        String home = System.getenv().getOrDefault("SCR4J_HOME", ".");
        Path demo = Path.of(home, "examples", "tiers.conf");
        return Files.exists(demo) ? demo.toString() : null;
    }
}
