package org.scr4j.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.scr4j.dataset.DatasetInfo;
import org.scr4j.dataset.Manifest;
import org.scr4j.group.Group;

/**
 * What the ranks learn at start-up from each other's caches: every dataset some rank holds a
 * committed part of, which ranks lack theirs (their node was lost, they run elsewhere now, or
 * their manifest says the dataset is another than the other holders' do), and this rank's own
 * manifests. The same on every rank, except {@link #mine} and {@link #unusable}.
 */
final class CacheAgreement {
    private final TreeMap<Long, DatasetInfo> datasets;
    private final Map<Long, Set<Integer>> lost;
    private final Map<Long, Manifest> mine;
    private final List<Manifest> unusable;
    private final long maxId;
    private final List<String> disagreements;

    private CacheAgreement(TreeMap<Long, DatasetInfo> datasets, Map<Long, Set<Integer>> lost, Map<Long, Manifest> mine,
            List<Manifest> unusable, long maxId, List<String> disagreements) {
        this.disagreements = List.copyOf(disagreements);
        this.datasets = datasets;
        this.lost = lost;
        this.mine = mine;
        this.unusable = unusable;
        this.maxId = maxId;
    }

    /** Collective: every rank tells what it holds; a part written by a job of another size cannot be used. */
    static CacheAgreement reach(Group group, List<Manifest> held) {
        Map<Long, Manifest> mine = new HashMap<>();
        List<Manifest> unusable = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        long myMax = 0;
        for (Manifest m : held) {
            DatasetInfo d = m.dataset();
            myMax = Math.max(myMax, d.id());
            if (d.ranks() != group.size()) {
                unusable.add(m);
                continue;
            }
            mine.put(d.id(), m);
            line.append(encode(d)).append('\n');
        }
        Map<Long, TreeMap<Integer, DatasetInfo>> views = new TreeMap<>();
        List<String> all = group.allGather(line.toString());
        for (int r = 0; r < all.size(); r++) {
            for (String l : all.get(r).split("\n")) {
                if (!l.isEmpty()) {
                    DatasetInfo d = decode(l);
                    views.computeIfAbsent(d.id(), k -> new TreeMap<>()).put(r, d);
                }
            }
        }
        TreeMap<Long, DatasetInfo> datasets = new TreeMap<>();
        Map<Long, Set<Integer>> holders = new HashMap<>();
        List<String> disagreements = new ArrayList<>();
        for (var e : views.entrySet()) {
            DatasetInfo d = majority(e.getValue());
            datasets.put(e.getKey(), d);
            Set<Integer> agree = new TreeSet<>();
            e.getValue().forEach((r, view) -> {
                if (view.equals(d)) {
                    agree.add(r);
                }
            });
            e.getValue().forEach((r, view) -> {
                if (!view.equals(d)) {
                    disagreements.add("rank " + r + "'s manifest of dataset " + d.id() + " says it is " + describe(view)
                            + ", rank(s) " + agree + " say " + describe(d) + ": rank " + r + "'s part counts as lost");
                    if (r == group.rank()) {
                        mine.remove(d.id());
                    }
                }
            });
            holders.put(e.getKey(), agree);
        }
        Map<Long, Set<Integer>> lost = new HashMap<>();
        for (long id : datasets.keySet()) {
            Set<Integer> missing = new TreeSet<>();
            for (int r = 0; r < group.size(); r++) {
                if (!holders.get(id).contains(r)) {
                    missing.add(r);
                }
            }
            lost.put(id, Set.copyOf(missing));
        }
        long maxId = group.max(myMax);
        return new CacheAgreement(datasets, lost, mine, unusable, maxId, disagreements);
    }

    /**
     * What most holders' manifests say a dataset is, ties going to the lowest holder: the same on
     * every rank. A part whose manifest says otherwise was altered or mixed up, and is not trusted.
     */
    private static DatasetInfo majority(TreeMap<Integer, DatasetInfo> views) {
        Map<DatasetInfo, Integer> votes = new HashMap<>();
        views.values().forEach(d -> votes.merge(d, 1, Integer::sum));
        DatasetInfo best = null;
        for (DatasetInfo d : views.values()) {
            if (best == null || votes.get(d) > votes.get(best)) {
                best = d;
            }
        }
        return best;
    }

    private static String describe(DatasetInfo d) {
        return "'" + d.name() + "' (checkpoint " + d.checkpointId() + ", checkpoint=" + d.checkpoint() + ", output=" + d.output()
                + ", " + d.scheme() + " on tier '" + d.tier() + "')";
    }

    /** Every dataset some rank holds, newest first: the newest is rebuilt first, since a restart wants it. */
    List<DatasetInfo> datasets() {
        List<DatasetInfo> newestFirst = new ArrayList<>(datasets.values());
        newestFirst.sort(Comparator.comparingLong(DatasetInfo::id).reversed());
        return newestFirst;
    }

    Set<Integer> lost(long id) {
        return lost.get(id);
    }

    Optional<Manifest> mine(long id) {
        return Optional.ofNullable(mine.get(id));
    }

    /** This rank's parts that no dataset of this job can use. */
    List<Manifest> unusable() {
        return List.copyOf(unusable);
    }

    /** Parts whose manifest says their dataset is another than the other holders' say, why each counts as lost. */
    List<String> disagreements() {
        return disagreements;
    }

    /** The largest dataset id any rank holds, usable or not: a new dataset must not reuse it. */
    long maxId() {
        return maxId;
    }

    private static String encode(DatasetInfo d) {
        return String.join("\t", Long.toString(d.id()), Long.toString(d.checkpointId()), Boolean.toString(d.checkpoint()),
                Boolean.toString(d.output()), d.tier(), d.scheme(), Integer.toString(d.ranks()), d.name());
    }

    private static DatasetInfo decode(String line) {
        String[] f = line.split("\t", 8);
        return new DatasetInfo(Long.parseLong(f[0]), f[7], Long.parseLong(f[1]), Boolean.parseBoolean(f[2]),
                Boolean.parseBoolean(f[3]), f[4], f[5], Integer.parseInt(f[6]));
    }
}
