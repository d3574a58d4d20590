package org.scr4j.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.apache.commons.io.file.PathUtils;
import org.scr4j.dataset.DatasetInfo;
import org.scr4j.dataset.FileEntry;
import org.scr4j.dataset.Manifest;
import org.scr4j.erasure.Crc32c;
import org.scr4j.group.Group;
import org.scr4j.group.InProcessGroup;
import org.scr4j.tier.StorageTier;
import org.scr4j.tier.TestTiers;
import org.scr4j.tier.TierContext;
import org.scr4j.tier.TierRegistry;
import org.scr4j.tier.TierSpec;

/**
 * A job whose ranks are threads on simulated nodes, each node with its own ramdisk tier in a
 * directory of its own, and one dataset written by every rank: real files of uneven sizes (some
 * empty, one rank with no bytes at all), checked bit for bit after a rebuild. Nodes are lost by
 * deleting every part on them; a lost rank may then run on another node.
 */
final class SchemeJob implements AutoCloseable {
    private static final Path SHM = Path.of("/dev/shm");
    private static final Instant STARTED = Instant.parse("2026-11-21T10:00:00.123456789Z");
    private static final Instant COMPLETED = Instant.parse("2026-11-21T10:00:05Z");

    final RedundancyScheme scheme;
    final DatasetInfo dataset;
    private final Path root;
    /** Guice builds it once: an injector per job would cost more than the job. */
    private static final TierRegistry REGISTRY = TestTiers.registry();
    private final Map<String, StorageTier> tiers = new HashMap<>();
    /** Rank r runs on nodes.get(r) now. */
    private final List<String> nodes;
    private final List<Manifest> originals = new ArrayList<>();
    private int setSize = 8;
    private int failures = 2;
    private java.util.function.IntFunction<List<Long>> sizes = SchemeJob::sizes;

    SchemeJob(RedundancyScheme scheme, List<String> nodes) throws IOException {
        this.scheme = scheme;
        this.nodes = new ArrayList<>(nodes);
        Path base = Files.isDirectory(SHM) && Files.isWritable(SHM) ? SHM : Path.of(System.getProperty("java.io.tmpdir"));
        this.root = Files.createTempDirectory(base, "scr4j-scheme-test");
        this.dataset = new DatasetInfo(7, "ckpt.3", 3, true, false, "cache", scheme.name(), nodes.size());
    }

    /** Rank r on node "n" + (r mod nodeCount): ranks of one node are not neighbours in rank order. */
    static List<String> spread(int ranks, int nodeCount) {
        List<String> nodes = new ArrayList<>();
        for (int r = 0; r < ranks; r++) {
            nodes.add("n" + (r % nodeCount));
        }
        return nodes;
    }

    SchemeJob setSize(int size) {
        this.setSize = size;
        return this;
    }

    SchemeJob failures(int count) {
        this.failures = count;
        return this;
    }

    /** Replaces the sizes of every rank's files. */
    SchemeJob sizes(java.util.function.IntFunction<List<Long>> perRank) {
        this.sizes = perRank;
        return this;
    }

    SchemeOptions options() {
        return new SchemeOptions(setSize, failures, nodes);
    }

    List<String> nodes() {
        return List.copyOf(nodes);
    }

    int ranks() {
        return nodes.size();
    }

    StorageTier tier(String node) {
        return tiers.computeIfAbsent(node, n -> {
            try {
                return REGISTRY.open(new TierSpec("cache", "ramdisk", root + "/${node}", OptionalLong.empty(), Map.of()),
                        new TierContext("alice", "job1", n));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    RankPart part(int rank) {
        return new RankPart(dataset, rank, tier(nodes.get(rank)), "dataset." + dataset.id() + ".rank." + rank);
    }

    Path local(int rank, String tierPath) {
        return part(rank).tier().localPath(part(rank).directory(), tierPath).orElseThrow();
    }

    /** The sizes of rank r's files: uneven across ranks, with empty files, and rank 1 holds no bytes at all. */
    static List<Long> sizes(int rank) {
        if (rank == 1) {
            return List.of(0L, 0L);
        }
        return List.of(1000L + 731L * rank, 0L, 2500L + 97L * (rank * rank % 11), 1L + rank);
    }

    static String fileName(int index) {
        return index % 2 == 0 ? "state." + index + ".bin" : "sub/dir/part." + index + ".bin";
    }

    static byte[] content(int rank, int index, long size) {
        byte[] bytes = new byte[(int) size];
        new SplittableRandom(rank * 1_000_003L + index).nextBytes(bytes);
        return bytes;
    }

    /** Every rank writes its files and gets its manifest, as the engine seals them. */
    SchemeJob write() throws IOException {
        originals.clear();
        for (int r = 0; r < ranks(); r++) {
            RankPart part = part(r);
            part.tier().createDataset(part.directory());
            List<FileEntry> entries = new ArrayList<>();
            List<Long> fileSizes = sizes.apply(r);
            for (int i = 0; i < fileSizes.size(); i++) {
                byte[] bytes = content(r, i, fileSizes.get(i));
                Path path = local(r, part.file(fileName(i)));
                Files.createDirectories(path.getParent());
                Files.write(path, bytes);
                entries.add(new FileEntry(fileName(i), bytes.length, Crc32c.of(bytes)));
            }
            originals.add(new Manifest(dataset, r, entries, STARTED, COMPLETED));
        }
        return this;
    }

    Manifest original(int rank) {
        return originals.get(rank);
    }

    /** A rank's body in a job step. */
    @FunctionalInterface
    interface Body<T> {
        T run(Group group, RankPart part) throws Exception;
    }

    <T> List<T> run(Body<T> body) throws Exception {
        return InProcessGroup.run(nodes, g -> body.run(g, part(g.rank())));
    }

    void apply() throws Exception {
        SchemeOptions options = options();
        run((g, part) -> {
            scheme.apply(g, part, original(g.rank()), options);
            return null;
        });
    }

    /** Deletes every part on the nodes; their ranks then run on {@code movedTo} (or stay, on a fresh node of the same name). */
    Set<Integer> lose(Set<String> lostNodes, Map<String, String> movedTo) throws IOException {
        Set<Integer> lost = new TreeSet<>();
        for (int r = 0; r < ranks(); r++) {
            if (lostNodes.contains(nodes.get(r))) {
                lost.add(r);
                RankPart part = part(r);
                part.tier().deleteDataset(part.directory());
            }
        }
        for (int r : lost) {
            nodes.set(r, movedTo.getOrDefault(nodes.get(r), nodes.get(r)));
            part(r).tier().createDataset(part(r).directory());
        }
        return lost;
    }

    /** Every rank recovers; returns each rank's manifest, or its exception. */
    List<Object> recover(Set<Integer> lost) throws Exception {
        SchemeOptions options = options();
        return run((g, part) -> {
            Optional<Manifest> mine = lost.contains(g.rank()) ? Optional.empty() : Optional.of(original(g.rank()));
            try {
                return scheme.recover(g, part, mine, lost, options);
            } catch (Exception e) {
                return e;
            }
        });
    }

    /** Every rank's files hold exactly what it wrote, and nothing else is in files/. */
    void checkFiles() throws IOException {
        assertEquals(List.of(), differences(), "files that differ from what their rank wrote");
    }

    /** How every rank's files differ from what it wrote (CRC32C, bytes, files missing or extra); empty when none does. */
    List<String> differences() throws IOException {
        List<String> differences = new ArrayList<>();
        for (int r = 0; r < ranks(); r++) {
            differences.addAll(differences(r));
        }
        return differences;
    }

    /** How rank r's files differ from what it wrote; empty when they hold exactly that. */
    List<String> differences(int r) throws IOException {
        List<String> differences = new ArrayList<>();
        Manifest m = original(r);
        for (int i = 0; i < m.files().size(); i++) {
            FileEntry f = m.files().get(i);
            Path path = local(r, part(r).file(f.path()));
            if (!Files.isRegularFile(path)) {
                differences.add("rank " + r + "'s " + f.path() + " is missing");
            } else if (Crc32c.of(path) != f.crc32c()) {
                differences.add("rank " + r + "'s " + f.path() + " has CRC32C " + Crc32c.of(path) + ", written " + f.crc32c());
            } else if (!Arrays.equals(content(r, i, f.size()), Files.readAllBytes(path))) {
                differences.add("rank " + r + "'s " + f.path() + " differs from its bytes as written");
            }
        }
        List<String> present = part(r).tier().listFiles(part(r).directory()).stream()
                .filter(p -> p.startsWith(RankPart.FILES)).sorted().toList();
        List<String> written = m.files().stream().map(f -> RankPart.FILES + f.path()).sorted().toList();
        if (!written.equals(present)) {
            differences.add("rank " + r + " holds " + present + ", written " + written);
        }
        return differences;
    }

    /** Flips one byte in the middle of a file of a rank's part. */
    void corrupt(int rank, String tierPath) throws IOException {
        Path path = local(rank, tierPath);
        byte[] bytes = Files.readAllBytes(path);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(path, bytes);
    }

    List<String> redundancyFiles(int rank) throws IOException {
        return scheme.files(part(rank));
    }

    @Override
    public void close() throws IOException {
        for (StorageTier t : tiers.values()) {
            t.close();
        }
        PathUtils.deleteDirectory(root);
    }
}
