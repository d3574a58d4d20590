package org.scr4j.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.commons.io.file.PathUtils;
import org.scr4j.conf.ConfigLoader;
import org.scr4j.conf.JobIdentity;
import org.scr4j.conf.ScrConfig;
import org.scr4j.conf.ScrModule;
import org.scr4j.dataset.DatasetInfo;
import org.scr4j.dataset.FileEntry;
import org.scr4j.dataset.Manifest;
import org.scr4j.dataset.ManifestCodec;
import org.scr4j.erasure.Crc32c;
import org.scr4j.group.InProcessGroup;
import org.scr4j.scheme.RankPart;
import org.scr4j.scheme.RedundancyScheme;
import org.scr4j.scheme.SchemeModule;
import org.scr4j.scheme.SchemeOptions;
import org.scr4j.scheme.SchemeRegistry;
import org.scr4j.tier.StorageTier;
import org.scr4j.tier.TierContext;
import org.scr4j.tier.TierRegistry;
import org.scr4j.tier.TierWriter;

/**
 * A job of four ranks on four simulated nodes, rank r on node "n" + r, configured from a job file
 * as a real job is: one ramdisk tier whose base holds ${node}, so each node has a directory of its
 * own. Datasets are written the way the engine writes them (files, then the scheme's apply
 * across the ranks, then the manifest last), with the real schemes the job's Guice module binds.
 */
final class CachedJob implements AutoCloseable {
    static final List<String> NODES = List.of("n0", "n1", "n2", "n3");
    static final String TIER = "ram";
    private static final Instant STARTED = Instant.parse("2026-11-21T10:00:00.123456789Z");
    private static final Instant COMPLETED = Instant.parse("2026-11-21T10:00:02Z");

    final Path root;
    final Map<String, String> env = new HashMap<>();
    final ScrConfig config;
    final TierRegistry tiers;
    final SchemeRegistry schemes;
    private final Map<String, StorageTier> opened = new HashMap<>();
    private final Map<Long, List<Manifest>> manifests = new HashMap<>();

    CachedJob() throws IOException {
        Path shm = Path.of("/dev/shm");
        root = Files.createTempDirectory(Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty(
                "java.io.tmpdir")), "scr4j-inspect-");
        Path conf = root.resolve("job.conf");
        Files.writeString(conf, "STORE=" + root.resolve("cache") + "/${node} NAME=" + TIER + " TYPE=ramdisk\n"
                + "SCR_JOB_ID=inspect\n");
        env.put("SCR_CONF_FILE", conf.toString());
        // A site file on the class path or a developer's SCR4J_CONF_DIR must not change the test's configuration.
        Path site = Files.createDirectories(root.resolve("site"));
        env.put(ConfigLoader.CONF_DIR, site.toString());
        config = new ConfigLoader(env, CachedJob.class.getClassLoader()).load(Map.of());
        Injector injector = Guice.createInjector(new ScrModule(config), new SchemeModule());
        tiers = injector.getInstance(TierRegistry.class);
        schemes = injector.getInstance(SchemeRegistry.class);
    }

    /** The environment of node {@code node}'s processes. */
    Map<String, String> env(String node) {
        Map<String, String> all = new HashMap<>(env);
        all.put("SCR4J_NODE", node);
        return all;
    }

    TierContext context(String node) {
        return JobIdentity.of(config, env(node));
    }

    StorageTier tier(int rank) throws IOException {
        String node = NODES.get(rank);
        StorageTier tier = opened.get(node);
        if (tier == null) {
            tier = tiers.open(config.tiers().get(0), context(node));
            opened.put(node, tier);
        }
        return tier;
    }

    static String directory(long id, int rank) {
        return "dataset." + id + ".rank." + rank;
    }

    RankPart part(DatasetInfo dataset, int rank) throws IOException {
        return new RankPart(dataset, rank, tier(rank), directory(dataset.id(), rank));
    }

    Path local(long id, int rank, String tierPath) throws IOException {
        return tier(rank).localPath(directory(id, rank), tierPath).orElseThrow();
    }

    static SchemeOptions options() {
        return new SchemeOptions(8, 2, NODES);
    }

    /** The application's files of rank r: uneven sizes, one empty, contents unique to dataset, rank and file. */
    static List<String> fileNames(int rank) {
        return List.of("rank." + rank + "/state.bin", "rank." + rank + "/sub/extra.bin");
    }

    static byte[] content(long id, int rank, int file) {
        int size = file == 0 ? 3000 + 517 * rank : rank == 1 ? 0 : 100 * rank + 7;
        byte[] bytes = new byte[size];
        new SplittableRandom(id * 1_000_003L + rank * 101L + file).nextBytes(bytes);
        return bytes;
    }

    /** Writes dataset {@code id} on every rank, protects it with {@code scheme}, and commits every manifest. */
    DatasetInfo write(long id, String scheme) throws Exception {
        DatasetInfo dataset = new DatasetInfo(id, "ckpt." + id, id, true, false, TIER, scheme, NODES.size());
        List<Manifest> written = new ArrayList<>();
        for (int r = 0; r < NODES.size(); r++) {
            RankPart part = part(dataset, r);
            part.tier().createDataset(part.directory());
            List<FileEntry> entries = new ArrayList<>();
            for (int i = 0; i < fileNames(r).size(); i++) {
                byte[] bytes = content(id, r, i);
                Path path = local(id, r, part.file(fileNames(r).get(i)));
                Files.createDirectories(path.getParent());
                Files.write(path, bytes);
                entries.add(new FileEntry(fileNames(r).get(i), bytes.length, Crc32c.of(bytes)));
            }
            written.add(new Manifest(dataset, r, entries, STARTED, COMPLETED));
        }
        RedundancyScheme protection = schemes.get(scheme);
        InProcessGroup.run(NODES, g -> {
            protection.apply(g, part(dataset, g.rank()), written.get(g.rank()), options());
            return null;
        });
        for (Manifest m : written) {
            commit(m);
        }
        manifests.put(id, written);
        return dataset;
    }

    /** Writes the manifest as the engine does: last, atomically. */
    void commit(Manifest m) throws IOException {
        try (TierWriter out = tier(m.rank()).create(directory(m.dataset().id(), m.rank()), PartInspector.MANIFEST)) {
            out.write(ManifestCodec.encode(m));
            out.commit();
        }
    }

    Manifest manifest(long id, int rank) {
        return manifests.get(id).get(rank);
    }

    /** The ranks' nodes lose the dataset's parts, as when those nodes are replaced. */
    void lose(long id, Set<Integer> ranks) throws IOException {
        for (int r : ranks) {
            tier(r).deleteDataset(directory(id, r));
        }
    }

    /** Every node's listing, as the launcher gathers it. */
    List<PartListing> listAll() throws IOException {
        List<PartListing> all = new ArrayList<>();
        for (String node : NODES) {
            all.addAll(new CacheListing(config, tiers, schemes).list(context(node)));
        }
        return all;
    }

    /**
     * What the scheme does at a restart that found {@code lost} missing: every rank runs its
     * recover (lost ranks into empty directories, as the engine gives them); returns each rank's
     * rebuilt manifest or the exception it threw.
     */
    List<Object> recover(DatasetInfo dataset, Set<Integer> lost) throws Exception {
        for (int r : lost) {
            tier(r).createDataset(directory(dataset.id(), r));
        }
        RedundancyScheme scheme = schemes.get(dataset.scheme());
        return InProcessGroup.run(NODES, g -> {
            Optional<Manifest> mine = lost.contains(g.rank()) ? Optional.empty() : Optional.of(manifest(dataset.id(), g.rank()));
            try {
                return scheme.recover(g, part(dataset, g.rank()), mine, lost, options());
            } catch (Exception e) {
                return e;
            }
        });
    }

    /** Every rank's files hold exactly the bytes it wrote. */
    void checkFiles(long id) throws IOException {
        for (int r = 0; r < NODES.size(); r++) {
            for (int i = 0; i < fileNames(r).size(); i++) {
                assertArrayEquals(content(id, r, i), Files.readAllBytes(local(id, r, RankPart.FILES + fileNames(r).get(i))),
                        "bytes of rank " + r + "'s " + fileNames(r).get(i) + " in dataset " + id);
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (StorageTier t : opened.values()) {
            t.close();
        }
        PathUtils.deleteDirectory(root);
    }
}
