package org.scr4j.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.scr4j.dataset.Manifest;

/**
 * The datasets all ranks hold in their caches, as they agreed at start-up and have changed in step
 * since, together with this rank's own manifest of each. Changed only by collective operations, so
 * it is the same list on every rank.
 */
final class CacheView {
    private final List<CachedDataset> datasets = new ArrayList<>();
    private final Map<Long, Manifest> manifests = new HashMap<>();

    void add(CachedDataset dataset, Manifest mine) {
        remove(dataset.info().id());
        datasets.add(dataset);
        datasets.sort(Comparator.comparingLong(c -> c.info().id()));
        manifests.put(dataset.info().id(), mine);
    }

    void remove(long id) {
        datasets.removeIf(c -> c.info().id() == id);
        manifests.remove(id);
    }

    void setFlushed(long id, boolean flushed) {
        datasets.replaceAll(c -> c.info().id() == id ? new CachedDataset(c.info(), flushed) : c);
    }

    /** Oldest first. */
    List<CachedDataset> all() {
        return List.copyOf(datasets);
    }

    Optional<CachedDataset> get(long id) {
        return datasets.stream().filter(c -> c.info().id() == id).findFirst();
    }

    Optional<CachedDataset> byName(String name) {
        return datasets.stream().filter(c -> c.info().name().equals(name)).reduce((a, b) -> b);
    }

    Manifest manifest(long id) {
        Manifest m = manifests.get(id);
        if (m == null) {
            throw new IllegalStateException("no manifest of dataset " + id + " on this rank");
        }
        return m;
    }

    /** This rank's bytes of the newest dataset on a tier: the guess for the size of the next one. */
    long lastBytes(String tier) {
        return datasets.stream().filter(c -> c.info().tier().equals(tier)).reduce((a, b) -> b)
                .map(c -> manifests.get(c.info().id()).bytes()).orElse(0L);
    }

    Optional<CachedDataset> newestCheckpoint() {
        return datasets.stream().filter(c -> c.info().checkpoint()).reduce((a, b) -> b);
    }
}
