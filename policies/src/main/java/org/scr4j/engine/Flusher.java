package org.scr4j.engine;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongConsumer;
import org.scr4j.control.ControlLock;
import org.scr4j.control.Index;
import org.scr4j.control.IndexEntry;
import org.scr4j.dataset.DatasetInfo;
import org.scr4j.fault.CrashPoints;
import org.scr4j.group.Group;

/**
 * Flushes a cached dataset to the prefix, collectively. Rank 0 records it in the index as
 * complete before any rank copies, and as flushed only after every rank's files and manifest are
 * there and verified; a crash in between leaves an entry a restart will not fetch.
 */
final class Flusher {
    /** How long a flush waits for another process's flush of the same dataset. */
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(60);
    /** A flush lock older than this is taken to be left by a crashed flusher on another host. */
    private static final Duration LOCK_LEASE = Duration.ofMinutes(30);

    private final Group group;
    private final JobLog log;
    private final Prefix prefix;
    private final CacheView view;
    private final int prefixSize;

    Flusher(Group group, Prefix prefix, CacheView view, int prefixSize) {
        this.group = requireNonNull(group, "group is null");
        this.log = new JobLog(Flusher.class, group);
        this.prefix = requireNonNull(prefix, "prefix is null");
        this.view = requireNonNull(view, "view is null");
        this.prefixSize = prefixSize;
    }

    /**
     * True on every rank when the prefix holds a verified copy of the dataset. Rank 0 holds the
     * dataset's flush lock from the first index update to the last, so two flushes of one dataset
     * (a drain racing the job's own flush, SCR #210) never interleave: the second waits, then finds
     * the dataset flushed and leaves it be.
     */
    boolean flush(DatasetInfo dataset) {
        return flush(dataset, bytes -> { });
    }

    /** As {@link #flush(DatasetInfo)}, telling {@code copied} the size of each of this rank's files once flushed. */
    boolean flush(DatasetInfo dataset, LongConsumer copied) {
        ControlLock[] lock = new ControlLock[1];
        try {
            return flushLocked(dataset, lock, copied);
        } finally {
            if (lock[0] != null) {
                try {
                    lock[0].close();
                } catch (IOException e) {
                    log.warn("could not release the flush lock of {}: {}", dataset.label(), e.getMessage());
                }
            }
        }
    }

    private boolean flushLocked(DatasetInfo dataset, ControlLock[] lock, LongConsumer copied) {
        long start = System.nanoTime();
        String already;
        try {
            already = Collective.onRoot(group, "recording " + dataset.label() + " in the index", () -> {
                lock[0] = prefix.control().lock("flush." + dataset.id(), LOCK_TIMEOUT, LOCK_LEASE);
                Optional<IndexEntry> entry = prefix.control().index().read().entry(dataset.id());
                if (entry.isPresent() && entry.get().isFlushed() && !entry.get().isFailed()) {
                    return "1";
                }
                begin(dataset);
                return "";
            });
        } catch (RuntimeException e) {
            log.error("{} was not flushed: {}", dataset.label(), e.getMessage());
            return false;
        }
        if (!already.isEmpty()) {
            log.info("{} is on the prefix already: another process flushed it", dataset.label());
            view.setFlushed(dataset.id(), true);
            return true;
        }
        List<String> problems = Collective.problems(group, () -> prefix.flush(view.manifest(dataset.id()), Throttle.NONE, copied));
        if (!problems.isEmpty()) {
            log.error("{} was not flushed to the prefix {}: {}. It stays in the cache; the index does not list it as flushed",
                    dataset.label(), prefix.tier().location(), String.join("; ", problems));
            return false;
        }
        long bytes = group.allGather(Long.toString(view.manifest(dataset.id()).bytes())).stream().mapToLong(Long::parseLong).sum();
        if (group.rank() == 0) {
            CrashPoints.reach(CrashPoints.BEFORE_INDEX);
        }
        String trimmed;
        try {
            trimmed = Collective.onRoot(group, "recording " + dataset.label() + " as flushed in the index",
                    () -> finish(dataset, start, bytes));
        } catch (RuntimeException e) {
            log.error("{} was copied to the prefix but not recorded as flushed: {}", dataset.label(), e.getMessage());
            return false;
        }
        view.setFlushed(dataset.id(), true);
        for (String id : trimmed.split(",")) {
            if (!id.isEmpty()) {
                view.setFlushed(Long.parseLong(id), false);
            }
        }
        return true;
    }

    /** Rank 0: the entry, as complete and not yet flushed; an older dataset of the same name is replaced. */
    private void begin(DatasetInfo dataset) throws IOException {
        Index before = prefix.control().index().read();
        List<IndexEntry> replaced = before.entries().values().stream()
                .filter(e -> e.name().equals(dataset.name()) && e.id() != dataset.id()).toList();
        prefix.control().index().update(index -> {
            Index next = index;
            for (IndexEntry old : replaced) {
                next = next.without(old.id());
                if (next.current().isPresent() && next.current().getAsLong() == old.id()) {
                    next = next.withCurrent(OptionalLong.empty());
                }
            }
            return next.with(new IndexEntry(dataset.id(), dataset.name(), dataset.checkpointId(), dataset.checkpoint(),
                    dataset.output(), dataset.ranks(), true, Optional.empty(), Optional.empty()));
        });
        for (IndexEntry old : replaced) {
            log.warn("dataset {} replaces the older dataset of the same name (id {}) on the prefix", dataset.label(), old.id());
            prefix.delete(old.name(), old.id());
        }
        // Whatever a crashed earlier flush of this name left is not part of this dataset.
        prefix.delete(dataset.name(), dataset.id());
    }

    /** Rank 0: marks the entry flushed and current, trims the window, logs the flush; returns the ids trimmed. */
    private String finish(DatasetInfo dataset, long start, long bytes) throws IOException {
        Index index = prefix.control().index().update(i -> {
            IndexEntry entry = i.entry(dataset.id()).orElseThrow(() -> new IllegalStateException(
                    "the index lost the entry of " + dataset.label() + " while it was being flushed"));
            Index next = i.with(entry.withFlushed(Instant.now()));
            return dataset.checkpoint() ? next.withCurrent(OptionalLong.of(dataset.id())) : next;
        });
        List<Long> trimmed = trim(index);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event", "flush");
        event.put("id", dataset.id());
        event.put("name", dataset.name());
        event.put("seconds", (System.nanoTime() - start) / 1e9);
        event.put("bytes", bytes);
        event.put("ranks", dataset.ranks());
        prefix.control().log().append(event);
        return String.join(",", trimmed.stream().map(String::valueOf).toList());
    }

    /** scr.prefix.size: keeps the newest N flushed checkpoints; outputs and the current one are never deleted. */
    private List<Long> trim(Index index) throws IOException {
        List<Long> trimmed = new ArrayList<>();
        if (prefixSize <= 0) {
            return trimmed;
        }
        List<IndexEntry> kept = index.entries().values().stream()
                .filter(e -> e.checkpoint() && !e.output() && e.isFlushed() && !e.isFailed())
                .sorted((a, b) -> Long.compare(b.id(), a.id())).toList();
        if (kept.size() <= prefixSize) {
            return trimmed;
        }
        long oldestKept = kept.get(prefixSize - 1).id();
        long current = index.current().orElse(-1);
        List<IndexEntry> victims = index.entries().values().stream()
                .filter(e -> e.checkpoint() && !e.output() && e.id() < oldestKept && e.id() != current).toList();
        for (IndexEntry victim : victims) {
            prefix.control().index().update(i -> i.without(victim.id()));
            prefix.delete(victim.name(), victim.id());
            log.info("deleted {} (id {}) from the prefix: scr.prefix.size keeps the newest {} checkpoints", victim.name(),
                    victim.id(), prefixSize);
            trimmed.add(victim.id());
        }
        return trimmed;
    }
}
