package org.scr4j.engine;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.scr4j.control.Index;
import org.scr4j.control.IndexEntry;
import org.scr4j.dataset.DatasetInfo;
import org.scr4j.dataset.Manifest;
import org.scr4j.group.Group;
import org.scr4j.scheme.SingleScheme;

/**
 * Finds the newest checkpoint every rank can read: from the cache after checking every CRC32C,
 * else fetched from the prefix through the index. Each one it must skip is named with the reason,
 * a flushed one is marked FAILED in the index, and the next older one is tried.
 */
final class RestartFinder {
    /** How a fetched checkpoint is placed in this job's cache. */
    interface Placement {
        DatasetInfo place(long id, String name, long checkpointId, boolean output, int ranks);
    }

    private final Group group;
    private final JobLog log;
    private final Cache cache;
    private final Prefix prefix;
    private final CacheView view;
    private final boolean fetch;
    private final Placement placement;
    private final Rebuilder rebuilder;

    RestartFinder(Group group, Cache cache, Prefix prefix, CacheView view, boolean fetch, Placement placement,
            Rebuilder rebuilder) {
        this.rebuilder = requireNonNull(rebuilder, "rebuilder is null");
        this.group = requireNonNull(group, "group is null");
        this.log = new JobLog(RestartFinder.class, group);
        this.cache = requireNonNull(cache, "cache is null");
        this.prefix = requireNonNull(prefix, "prefix is null");
        this.view = requireNonNull(view, "view is null");
        this.fetch = fetch;
        this.placement = requireNonNull(placement, "placement is null");
    }

    /** The dataset to restart from, now in the cache and verified on every rank, or empty. */
    Optional<CachedDataset> find(OptionalLong ceiling, Set<Long> failed) {
        TreeMap<Long, Flushed> flushed = flushedEntries();
        TreeMap<Long, Boolean> candidates = new TreeMap<>();
        view.all().stream().filter(c -> c.info().checkpoint()).forEach(c -> candidates.put(c.info().id(), true));
        flushed.keySet().forEach(id -> candidates.putIfAbsent(id, false));
        for (long id : candidates.descendingKeySet()) {
            if ((ceiling.isPresent() && id > ceiling.getAsLong()) || failed.contains(id)) {
                continue;
            }
            Optional<CachedDataset> cached = view.get(id);
            if (cached.isPresent()) {
                Optional<CachedDataset> usable = verifyOrRebuild(cached.get(), flushed.containsKey(id) && fetch);
                if (usable.isPresent()) {
                    return usable;
                }
            }
            Flushed entry = flushed.get(id);
            if (entry == null) {
                continue;
            }
            if (!fetch) {
                log.info("not fetching checkpoint {} (id {}) from the prefix: scr.fetch is off", entry.name(), id);
                continue;
            }
            Optional<CachedDataset> fetched = fetch(entry);
            if (fetched.isPresent()) {
                return fetched;
            }
        }
        return Optional.empty();
    }

    /**
     * Checks every rank's files of a cached checkpoint; ranks whose files fail their CRC32C get
     * them rebuilt through the dataset's scheme. Empty when that is not possible: the dataset is
     * then gone from the cache.
     */
    private Optional<CachedDataset> verifyOrRebuild(CachedDataset cached, boolean fetchable) {
        DatasetInfo d = cached.info();
        String problem;
        try {
            problem = cache.verify(view.manifest(d.id()));
        } catch (RuntimeException e) {
            problem = Collective.message(e);
        }
        List<String> all = group.allGather(problem == null ? "" : problem);
        Set<Integer> bad = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (int r = 0; r < all.size(); r++) {
            if (!all.get(r).isEmpty()) {
                bad.add(r);
                problems.add("rank " + r + ": " + all.get(r));
            }
        }
        if (bad.isEmpty()) {
            return Optional.of(cached);
        }
        if (bad.size() < group.size() && !d.scheme().equals(SingleScheme.NAME)) {
            log.warn("cached checkpoint {}: {}; rebuilding the damaged part(s) from its {} redundancy", d.label(),
                    Collective.join(problems), d.scheme());
            Manifest mine = view.manifest(d.id());
            List<String> cleared = Collective.problems(group, () -> {
                if (bad.contains(group.rank())) {
                    cache.delete(d);
                }
            });
            if (cleared.isEmpty()) {
                Optional<Rebuilder.Outcome> outcome = rebuilder.rebuild(d, bad,
                        bad.contains(group.rank()) ? Optional.empty() : Optional.of(mine));
                if (outcome.isPresent()) {
                    view.add(cached, outcome.get().mine());
                    return Optional.of(cached);
                }
                view.remove(d.id());
                return Optional.empty();
            }
            problems.addAll(cleared);
        }
        log.warn("skipping cached checkpoint {}: {}; {}", d.label(), Collective.join(problems),
                fetchable ? "fetching its copy from the prefix" : "trying the next older one");
        discard(d);
        return Optional.empty();
    }

    /**
     * Rank 0 reads the index; every rank learns which checkpoints it lists as flushed and not failed.
     * As in SCR, a fetch starts from the index's current checkpoint: newer ones are left alone, so a
     * person can roll a job back with {@code scr4j index --current}.
     */
    private TreeMap<Long, Flushed> flushedEntries() {
        String lines = Collective.onRoot(group, "reading the index", () -> {
            StringBuilder out = new StringBuilder();
            Index index = prefix.control().index().read();
            long current = index.current().orElse(Long.MAX_VALUE);
            for (IndexEntry e : index.restartable()) {
                if (e.id() > current) {
                    log.info("not fetching {} (id {}): the index names the older id {} current", e.name(), e.id(), current);
                    continue;
                }
                out.append(e.id()).append('\t').append(e.checkpointId()).append('\t').append(e.output()).append('\t')
                        .append(e.ranks()).append('\t').append(e.name()).append('\n');
            }
            return out.toString();
        });
        TreeMap<Long, Flushed> entries = new TreeMap<>();
        for (String line : lines.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", 5);
            long id = Long.parseLong(f[0]);
            entries.put(id, new Flushed(id, f[4], Long.parseLong(f[1]), Boolean.parseBoolean(f[2]), Integer.parseInt(f[3])));
        }
        return entries;
    }

    /** What every rank learns of a flushed checkpoint from rank 0's reading of the index. */
    private record Flushed(long id, String name, long checkpointId, boolean output, int ranks) {
    }

    private Optional<CachedDataset> fetch(Flushed entry) {
        String label = entry.name() + " (id " + entry.id() + ")";
        if (entry.ranks() != group.size()) {
            log.warn("skipping flushed checkpoint {}: it was written by {} ranks and this job has {}", label, entry.ranks(),
                    group.size());
            return Optional.empty();
        }
        DatasetInfo target = placement.place(entry.id(), entry.name(), entry.checkpointId(), entry.output(), entry.ranks());
        Manifest[] mine = new Manifest[1];
        long start = System.nanoTime();
        List<String> problems = Collective.problems(group, () -> {
            Manifest flushed = prefix.manifest(entry.id(), group.rank()).orElseThrow(() -> new IOException(
                    "the prefix has no manifest of rank " + group.rank() + " (" + prefix.manifestDirectory(entry.id()) + ")"));
            if (flushed.dataset().ranks() != group.size()) {
                throw new IOException("its manifest says " + flushed.dataset().ranks() + " ranks wrote it");
            }
            mine[0] = prefix.fetch(flushed, target);
        });
        if (problems.isEmpty()) {
            log.info("fetched checkpoint {} from the prefix in {} s", label, String.format("%.3f", (System.nanoTime() - start) / 1e9));
            CachedDataset fetched = new CachedDataset(target, true);
            view.add(fetched, mine[0]);
            return Optional.of(fetched);
        }
        String reason = String.join("; ", problems);
        log.warn("skipping flushed checkpoint {} on the prefix: {}; marked FAILED in the index, trying the next older one",
                label, reason);
        Collective.problems(group, () -> cache.delete(target));
        markFailed(entry.id(), "fetch failed: " + reason);
        return Optional.empty();
    }

    /** Deletes a dataset's cached copy on every rank. */
    void discard(DatasetInfo dataset) {
        List<String> problems = Collective.problems(group, () -> cache.delete(dataset));
        if (!problems.isEmpty()) {
            log.warn("could not delete the cached copy of {}: {}", dataset.label(), String.join("; ", problems));
        }
        view.remove(dataset.id());
    }

    /** Rank 0 marks an index entry FAILED (and no longer current), so no later run tries it again. */
    void markFailed(long id, String reason) {
        try {
            Collective.onRoot(group, "marking dataset " + id + " FAILED in the index", () -> {
                prefix.control().index().update(index -> {
                    if (index.entry(id).isEmpty()) {
                        return index;
                    }
                    var next = index.with(index.entry(id).get().withFailed(reason));
                    return next.current().isPresent() && next.current().getAsLong() == id ? next.withCurrent(OptionalLong.empty()) : next;
                });
                return "";
            });
        } catch (RuntimeException e) {
            log.error("{}", e.getMessage());
        }
    }
}
