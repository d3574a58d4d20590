package org.scr4j.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which cached datasets to evict from a tier, oldest first. Never an output not yet on the prefix,
 * and never the newest checkpoint when the prefix has no copy of it: eviction must not leave the
 * job with nothing to restart from.
 */
final class Retention {
    private Retention() {
    }

    /** The datasets of {@code tier} to evict so that at most {@code keep} remain. */
    static List<CachedDataset> beyondCount(List<CachedDataset> cached, String tier, int keep) {
        List<CachedDataset> inTier = cached.stream().filter(c -> c.info().tier().equals(tier))
                .sorted(Comparator.comparingLong(c -> c.info().id())).toList();
        List<CachedDataset> victims = new ArrayList<>();
        int excess = inTier.size() - keep;
        for (CachedDataset c : inTier) {
            if (victims.size() >= excess) {
                break;
            }
            if (evictable(c, cached)) {
                victims.add(c);
            }
        }
        return victims;
    }

    /** The oldest evictable dataset of {@code tier}, to make room by bytes. */
    static Optional<CachedDataset> oldest(List<CachedDataset> cached, String tier) {
        return cached.stream().filter(c -> c.info().tier().equals(tier))
                .sorted(Comparator.comparingLong(c -> c.info().id()))
                .filter(c -> evictable(c, cached))
                .findFirst();
    }

    static boolean evictable(CachedDataset c, List<CachedDataset> cached) {
        if (c.info().output() && !c.flushed()) {
            return false;
        }
        if (c.info().checkpoint() && !c.flushed()) {
            long newest = cached.stream().filter(o -> o.info().checkpoint()).mapToLong(o -> o.info().id()).max().orElse(-1);
            return c.info().id() != newest;
        }
        return true;
    }
}
