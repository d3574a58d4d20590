package org.scr4j.scheme;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.scr4j.dataset.DatasetInfo;
import org.scr4j.dataset.FileEntry;
import org.scr4j.dataset.Manifest;
import org.scr4j.erasure.CoderChoice;
import org.scr4j.erasure.Crc32c;
import org.scr4j.group.InProcessGroup;
import org.scr4j.tier.StorageTier;
import org.scr4j.tier.TestTiers;
import org.scr4j.tier.TierContext;
import org.scr4j.tier.TierRegistry;
import org.scr4j.tier.TierSpec;

/**
 * Where the time of a checkpoint goes, in one process: ranks as threads on simulated nodes, each
 * writing its file to /dev/shm, then each scheme's apply, then a rebuild of one lost node. Prints
 * timings; asserts nothing. Run with -Dscr4j.probe=true (and -Dscr4j.probe.mib=N per rank).
 */
@EnabledIfSystemProperty(named = "scr4j.probe", matches = "true")
class SchemeThroughputProbe {
    private static final int RANKS = 4;
    private static final int BLOCK = 4 << 20;

    @Test
    void probe() throws Exception {
        long bytes = Long.getLong("scr4j.probe.mib", 256) << 20;
        int rounds = Integer.getInteger("scr4j.probe.rounds", 2);
        Path root = Files.createTempDirectory(Path.of("/dev/shm"), "scr4j-probe");
        try {
            int piece = (int) (Long.getLong("scr4j.probe.piece.kib", ErasureScheme.PIECE >> 10) << 10);
            List<Supplier<RedundancyScheme>> schemes = List.of(() -> new XorScheme(CoderChoice.AUTO, piece),
                    PartnerScheme::new, () -> new RsScheme(CoderChoice.AUTO, piece));
            for (int round = 0; round < rounds; round++) {
                for (Supplier<RedundancyScheme> s : schemes) {
                    run(root.resolve("r" + round), s.get(), bytes);
                }
            }
        } finally {
            PathUtils.deleteDirectory(root);
        }
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    /** CPU seconds this process used: on a shared machine a steadier measure of work than the wall clock. */
    private static double cpu() {
        return OS.getProcessCpuTime() / 1e9;
    }

    private static void run(Path root, RedundancyScheme scheme, long bytes) throws Exception {
        TierRegistry registry = TestTiers.registry();
        List<String> nodes = SchemeJob.spread(RANKS, RANKS);
        List<StorageTier> tiers = new ArrayList<>();
        for (String n : nodes) {
            tiers.add(registry.open(new TierSpec("cache", "ramdisk", root + "/" + scheme.name() + "/${node}", OptionalLong.empty(),
                    Map.of()), new TierContext("alice", "job1", n)));
        }
        DatasetInfo d = new DatasetInfo(1, "ckpt", 1, true, false, "cache", scheme.name(), RANKS);
        ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
        byte[] random = new byte[BLOCK];
        new SplittableRandom(1).nextBytes(random);
        block.put(random).flip();

        // Raw: every rank writes its bytes with a FileChannel and forces them, as the application would.
        double c0 = cpu();
        long t0 = System.nanoTime();
        InProcessGroup.run(nodes, g -> {
            RankPart part = new RankPart(d, g.rank(), tiers.get(g.rank()), "dataset.1.rank." + g.rank());
            part.tier().createDataset(part.directory());
            Path p = part.tier().localPath(part.directory(), part.file("state.bin")).orElseThrow();
            Files.createDirectories(p.getParent());
            write(p, block, bytes);
            return null;
        });
        long write = System.nanoTime() - t0;
        double writeCpu = cpu() - c0;

        t0 = System.nanoTime();
        List<Manifest> manifests = InProcessGroup.run(nodes, g -> {
            RankPart part = new RankPart(d, g.rank(), tiers.get(g.rank()), "dataset.1.rank." + g.rank());
            Path p = part.tier().localPath(part.directory(), part.file("state.bin")).orElseThrow();
            part.tier().sync(part.directory(), part.file("state.bin"));
            return new Manifest(d, g.rank(), List.of(new FileEntry("state.bin", bytes, Crc32c.of(p))), Instant.now(), Instant.now());
        });
        long seal = System.nanoTime() - t0;

        SchemeOptions options = new SchemeOptions(8, 2, nodes);
        c0 = cpu();
        t0 = System.nanoTime();
        InProcessGroup.run(nodes, g -> {
            scheme.apply(g, new RankPart(d, g.rank(), tiers.get(g.rank()), "dataset.1.rank." + g.rank()), manifests.get(g.rank()),
                    options);
            return null;
        });
        long apply = System.nanoTime() - t0;
        double applyCpu = cpu() - c0;
        long redundancy = 0;
        RankPart part1 = new RankPart(d, 1, tiers.get(1), "dataset.1.rank.1");
        for (String f : scheme.files(part1)) {
            redundancy += part1.tier().length(part1.directory(), f);
        }

        // Raw write of one node's bytes (its data and its redundancy), for the rebuild's yardstick.
        Path yard = root.resolve("yardstick.bin");
        long nodeWrite = Long.MAX_VALUE;
        double nodeWriteCpu = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            c0 = cpu();
            t0 = System.nanoTime();
            write(yard, block, bytes + redundancy);
            nodeWrite = Math.min(nodeWrite, System.nanoTime() - t0);
            nodeWriteCpu = Math.min(nodeWriteCpu, cpu() - c0);
            Files.delete(yard);
        }

        part1.tier().deleteDataset(part1.directory());
        part1.tier().createDataset(part1.directory());
        c0 = cpu();
        t0 = System.nanoTime();
        InProcessGroup.run(nodes, g -> scheme.recover(g, new RankPart(d, g.rank(), tiers.get(g.rank()), "dataset.1.rank." + g.rank()),
                g.rank() == 1 ? Optional.empty() : Optional.of(manifests.get(g.rank())), Set.of(1), options));
        long rebuild = System.nanoTime() - t0;
        double rebuildCpu = cpu() - c0;

        double checkpoint = write + seal + apply;
        System.out.printf("%-8s %d x %d MiB: write %6.3f s, seal (fsync+CRC) %6.3f s, apply %6.3f s -> checkpoint at %3.0f%% of"
                + " the raw write; rebuild of one node %6.3f s = %4.2f x the raw write of its %d MiB (data + redundancy)%n",
                scheme.name(), RANKS, bytes >> 20, write / 1e9, seal / 1e9, apply / 1e9, 100 * write / checkpoint, rebuild / 1e9,
                rebuild / (double) nodeWrite, (bytes + redundancy) >> 20);
        System.out.printf("%-8s   CPU seconds: raw write %.3f, apply %.3f (%.2f x the write); one node: raw write %.3f, rebuild %.3f"
                + " (%.2f x)%n", scheme.name(), writeCpu, applyCpu, applyCpu / writeCpu, nodeWriteCpu, rebuildCpu,
                rebuildCpu / nodeWriteCpu);
        for (StorageTier t : tiers) {
            t.close();
        }
        PathUtils.deleteDirectory(root.resolve(scheme.name()));
    }

    private static void write(Path p, ByteBuffer block, long bytes) throws IOException {
        try (FileChannel out = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long done = 0; done < bytes; ) {
                ByteBuffer b = block.duplicate();
                b.limit((int) Math.min(b.capacity(), bytes - done));
                done += b.remaining();
                while (b.hasRemaining()) {
                    out.write(b);
                }
            }
            out.force(true);
        }
    }
}
