package org.scr4j.engine;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import org.scr4j.control.ControlDirectory;
import org.scr4j.dataset.DatasetInfo;
import org.scr4j.dataset.Manifest;
import org.scr4j.fault.CrashPoints;
import org.scr4j.group.Group;
import org.scr4j.tier.TierHealth;
import org.scr4j.tier.TierUsage;

/**
 * Where datasets live among the cache tiers, which {@code scr.tiers} lists fastest first. A new
 * dataset goes to its level's tier; when that tier is unhealthy or cannot be given room, to the
 * next tier that can, as HDFS storage policies fall back at creation. A tier makes room by moving
 * its oldest datasets down to the next tier with room (demotion, redundancy files and all, so the
 * dataset stays protected) and deletes one only when no lower tier can take it and retention allows.
 * Every method is collective.
 */
final class CachePlacement {
    private final Group group;
    private final JobLog log;
    private final Cache cache;
    private final CacheView view;
    private final List<String> order;
    private final ToIntFunction<String> countLimit;
    private final Flusher flusher;
    private final Consumer<DatasetInfo> discard;
    private final ControlDirectory control;
    /** Per tier: a dataset that ran out of room there on this rank, and the bytes free once it was deleted. */
    private final Map<String, Outgrown> outgrown = new HashMap<>();

    private record Outgrown(String label, long free) {
    }

    /**
     * @param order      the cache tiers, fastest first
     * @param countLimit how many datasets a tier keeps (scr.tier.NAME.count, else scr.cache.size)
     * @param discard    deletes a dataset from every rank's cache and the view
     */
    CachePlacement(Group group, Cache cache, CacheView view, List<String> order, ToIntFunction<String> countLimit, Flusher flusher,
            Consumer<DatasetInfo> discard, ControlDirectory control) {
        this.group = requireNonNull(group, "group is null");
        this.log = new JobLog(CachePlacement.class, group);
        this.cache = requireNonNull(cache, "cache is null");
        this.view = requireNonNull(view, "view is null");
        this.order = List.copyOf(order);
        this.countLimit = requireNonNull(countLimit, "countLimit is null");
        this.flusher = requireNonNull(flusher, "flusher is null");
        this.discard = requireNonNull(discard, "discard is null");
        this.control = requireNonNull(control, "control is null");
    }

    /**
     * The tier for a new dataset whose level names {@code preferred}, with room made on it for a
     * dataset the size of the tier's last one. When no tier can take it, {@code preferred}: the
     * write then fails there with the reason, as it would without fallback.
     */
    String choose(String preferred, String label) {
        List<String> reasons = new ArrayList<>();
        for (String tier : candidates(preferred)) {
            String problem = room(tier, view.lastBytes(tier));
            if (problem == null) {
                if (!tier.equals(preferred)) {
                    log.warn("{} goes to tier '{}' instead of '{}', which its level names: {}", label, tier, preferred,
                            String.join("; ", reasons));
                }
                return tier;
            }
            reasons.add(problem);
        }
        log.warn("no cache tier can take {}: {}; trying tier '{}' anyway", label, String.join("; ", reasons), preferred);
        return preferred;
    }

    /**
     * This rank ran out of room on {@code tier} while the dataset {@code label} was written there,
     * and the dataset was deleted. The size of the next dataset is not known before it is written,
     * so until the tier has more room than now, the next ones go to another tier rather than
     * meet the same wall (older datasets are not moved down for a guess).
     */
    void ranOutOfRoom(String tier, String label) {
        try {
            outgrown.put(tier, new Outgrown(label, cache.tier(tier).usage().available()));
        } catch (IOException e) {
            log.warn("cannot measure the free space of tier '{}' after {} ran out of room there: {}", tier, label, e.getMessage());
        }
    }

    /** After a commit: a tier holding more datasets than its count moves or deletes its oldest. */
    void retain(String tier) {
        enforceCount(tier, countLimit.applyAsInt(tier));
    }

    /** The level's tier first, then the slower tiers in order, then the faster ones. */
    private List<String> candidates(String preferred) {
        int at = order.indexOf(preferred);
        if (at < 0) {
            return List.of(preferred);
        }
        List<String> all = new ArrayList<>(order.subList(at, order.size()));
        all.addAll(order.subList(0, at));
        return all;
    }

    /** Makes room on {@code tier} for one more dataset of {@code needed} bytes on each rank; null when there is room, else why not. */
    private String room(String tier, long needed) {
        List<String> sick = Collective.problems(group, health(tier));
        if (!sick.isEmpty()) {
            return "tier '" + tier + "' is unhealthy: " + Collective.join(sick);
        }
        // Best effort: the newest checkpoint stays until the new one is committed, so the count may be passed by one meanwhile.
        enforceCount(tier, countLimit.applyAsInt(tier) - 1);
        List<String> wall = Collective.problems(group, outgrownProblem(tier));
        if (!wall.isEmpty()) {
            return Collective.join(wall);
        }
        while (true) {
            List<String> short_ = Collective.problems(group, shortage(tier, needed));
            if (short_.isEmpty()) {
                return null;
            }
            CachedDataset victim = oldest(tier);
            if (victim == null || !moveOut(victim, Collective.join(short_))) {
                return Collective.join(short_) + "; nothing there may be moved or deleted (the newest checkpoint and"
                        + " outputs not yet on the prefix are kept)";
            }
        }
    }

    /** Moves or deletes the oldest datasets of {@code tier} until it holds at most {@code keep}; false if it could not. */
    private boolean enforceCount(String tier, int keep) {
        while (true) {
            List<CachedDataset> inTier = view.all().stream().filter(c -> c.info().tier().equals(tier)).toList();
            if (inTier.size() <= keep) {
                return true;
            }
            String why = "tier '" + tier + "' keeps " + countLimit.applyAsInt(tier) + " dataset(s) (scr.tier." + tier
                    + ".count or scr.cache.size)";
            boolean moved = false;
            for (CachedDataset c : inTier) {
                if (moveOut(c, why)) {
                    moved = true;
                    break;
                }
            }
            if (!moved) {
                return false;
            }
        }
    }

    private CachedDataset oldest(String tier) {
        return view.all().stream().filter(c -> c.info().tier().equals(tier)).min(Comparator.comparingLong(c -> c.info().id()))
                .orElse(null);
    }

    /** Demotes the dataset to the next slower tier with room, else deletes it if retention allows; true if it left its tier. */
    private boolean moveOut(CachedDataset victim, String why) {
        // A background flush may still read the dataset's files where they are.
        flusher.settle(victim.info().id());
        int at = order.indexOf(victim.info().tier());
        for (String lower : at < 0 ? List.<String>of() : order.subList(at + 1, order.size())) {
            long bytes = partBytes(victim.info());
            if (room(lower, bytes) == null && demote(victim, lower, why)) {
                return true;
            }
        }
        CachedDataset now = view.get(victim.info().id()).orElse(victim);
        if (Retention.evictable(now, view.all())) {
            log.info("deleting {} from tier '{}': {}", now.info().label(), now.info().tier(), why);
            discard.accept(now.info());
            return true;
        }
        return false;
    }

    private long partBytes(DatasetInfo d) {
        try {
            return cache.partBytes(d);
        } catch (IOException e) {
            return view.manifest(d.id()).bytes();
        }
    }

    /**
     * Every rank copies its part down, then (once all have) deletes it above: a crash before the
     * deletes leaves complete copies on both tiers, which start-up settles on every rank alike.
     */
    private boolean demote(CachedDataset victim, String to, String why) {
        DatasetInfo from = victim.info();
        long start = System.nanoTime();
        Manifest[] moved = new Manifest[1];
        List<String> problems = Collective.problems(group, () -> moved[0] = cache.copyPart(view.manifest(from.id()), to));
        if (!problems.isEmpty()) {
            log.warn("could not move {} from tier '{}' to '{}': {}", from.label(), from.tier(), to, Collective.join(problems));
            Collective.problems(group, () -> cache.delete(from.withTier(to)))
                    .forEach(p -> log.warn("could not delete the partial copy of {} on tier '{}': {}", from.label(), to, p));
            return false;
        }
        CrashPoints.reach(CrashPoints.DEMOTE_COPIED);
        Collective.problems(group, () -> cache.delete(from))
                .forEach(p -> log.warn("{} was moved to tier '{}' but its old copy on '{}' could not be deleted: {}",
                        from.label(), to, from.tier(), p));
        view.add(new CachedDataset(from.withTier(to), victim.flushed()), moved[0]);
        double seconds = (System.nanoTime() - start) / 1e9;
        log.info("moved {} from tier '{}' down to '{}' in {} s: {}", from.label(), from.tier(), to, String.format("%.3f", seconds), why);
        long bytes = group.allGather(Long.toString(moved[0].bytes())).stream().mapToLong(Long::parseLong).sum();
        if (group.rank() == 0) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("event", "demote");
            event.put("id", from.id());
            event.put("name", from.name());
            event.put("from", from.tier());
            event.put("to", to);
            event.put("seconds", seconds);
            event.put("bytes", bytes);
            try {
                control.log().append(event);
            } catch (IOException e) {
                log.warn("{} was moved, but the event log in {} could not be updated: {}", from.label(), control.path(),
                        e.getMessage());
            }
        }
        return true;
    }

    /** Null unless a dataset ran out of room on the tier on this rank and the tier has not gained any since. */
    private String outgrownProblem(String tier) {
        Outgrown wall = outgrown.get(tier);
        if (wall == null) {
            return null;
        }
        try {
            long free = cache.tier(tier).usage().available();
            if (free > wall.free()) {
                outgrown.remove(tier);
                return null;
            }
            return "tier '" + tier + "' ran out of room while " + wall.label() + " was written there and has gained none since ("
                    + free + " bytes free)";
        } catch (IOException e) {
            return "cannot measure the free space of tier '" + tier + "': " + e.getMessage();
        }
    }

    private String health(String tier) {
        TierHealth health = cache.tier(tier).checkHealth();
        return health.healthy() ? null : String.join("; ", health.problems());
    }

    /** This rank's shortage of room on the tier for {@code needed} more bytes, or null. */
    private String shortage(String tier, long needed) {
        try {
            TierUsage usage = cache.tier(tier).usage();
            if (needed > 0 && usage.available() < needed) {
                return "tier '" + tier + "' has " + usage.available() + " bytes free and needs " + needed;
            }
            return null;
        } catch (IOException e) {
            return "cannot measure the free space of tier '" + tier + "': " + e.getMessage();
        }
    }
}
