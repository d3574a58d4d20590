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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.scr4j.compress.Compression;
import org.scr4j.control.ControlLock;
import org.scr4j.control.FlushJournal;
import org.scr4j.control.Index;
import org.scr4j.control.IndexEntry;
import org.scr4j.dataset.DatasetInfo;
import org.scr4j.dataset.Manifest;
import org.scr4j.fault.CrashPoints;
import org.scr4j.group.Group;

/**
 * Flushes cached datasets to the prefix, collectively: synchronously, or in the background while
 * the application computes. Rank 0 records a dataset in the index as complete before any rank
 * copies, and as flushed only after every rank's files and manifest are there and verified; a crash
 * in between leaves an entry a restart will not fetch, and the flush journal says FLUSHING, so the
 * next run or a drain redoes it.
 *
 * <p>A background flush copies in one thread per rank; the ranks learn that all copies are done in
 * the collective calls the application makes anyway ({@link #poll}), so the job group is only ever
 * used by the application's thread. Background flushes finish in the order they started.
 */
final class Flusher implements AutoCloseable {
    /** How long a flush waits for another process's flush of the same dataset. */
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(60);
    /** A flush lock older than this is taken to be left by a crashed flusher on another host. */
    private static final Duration LOCK_LEASE = Duration.ofMinutes(30);
    private static final String DONE = "done";
    private static final String RUNNING = "running";
    private static final String FAILED = "failed:";

    /** A flush under way in the background: the same on every rank but for the copy and, on rank 0, the lock. */
    private record Background(DatasetInfo dataset, long startNanos, Future<?> copy, ControlLock lock) {
    }

    private final Group group;
    private final JobLog log;
    private final Prefix prefix;
    private final CacheView view;
    private final int prefixSize;
    private final Throttle throttle;
    private final Function<DatasetInfo, Compression> compression;
    private final Deque<Background> outstanding = new ArrayDeque<>();
    private ExecutorService worker;

    /**
     * @param throttle the bandwidth limit of background flushes on this rank (synchronous flushes
     *                 and drains are not limited: the application waits for them)
     * @param compression how a dataset's level stores its files on the prefix
     */
    Flusher(Group group, Prefix prefix, CacheView view, int prefixSize, Throttle throttle,
            Function<DatasetInfo, Compression> compression) {
        this.group = requireNonNull(group, "group is null");
        this.log = new JobLog(Flusher.class, group);
        this.prefix = requireNonNull(prefix, "prefix is null");
        this.view = requireNonNull(view, "view is null");
        this.prefixSize = prefixSize;
        this.throttle = requireNonNull(throttle, "throttle is null");
        this.compression = requireNonNull(compression, "compression is null");
    }

    /**
     * True on every rank when the prefix holds a verified copy of the dataset. Rank 0 holds the
     * dataset's flush lock from the first index update to the last, so two flushes of one dataset
     * (a drain racing the job's own flush, SCR #210) never interleave: the second waits, then finds
     * the dataset flushed and leaves it be. A background flush of the dataset is waited for.
     */
    boolean flush(DatasetInfo dataset) {
        return flush(dataset, bytes -> { });
    }

    /** As {@link #flush(DatasetInfo)}, telling {@code copied} the size of each of this rank's files once flushed. */
    boolean flush(DatasetInfo dataset, LongConsumer copied) {
        if (outstanding(dataset.id())) {
            settle(dataset.id());
            return view.get(dataset.id()).map(CachedDataset::flushed).orElse(false);
        }
        ControlLock[] lock = new ControlLock[1];
        try {
            long start = System.nanoTime();
            Optional<Boolean> began = begin(dataset, lock);
            if (began.isEmpty() || began.get()) {
                return began.isPresent();
            }
            List<String> problems = Collective.problems(group,
                    () -> prefix.flush(view.manifest(dataset.id()), compression.apply(dataset), Throttle.NONE, copied));
            return conclude(dataset, start, problems, false);
        } finally {
            release(lock[0], dataset);
        }
    }

    /**
     * Starts a background flush; every rank's copy runs in its flush thread, and {@link #poll} or
     * {@link #settle} records the dataset as flushed once all are done. False if it could not start.
     */
    boolean start(DatasetInfo dataset) {
        if (outstanding(dataset.id())) {
            return true;
        }
        ControlLock[] lock = new ControlLock[1];
        long start = System.nanoTime();
        Optional<Boolean> began = begin(dataset, lock);
        if (began.isEmpty() || began.get()) {
            release(lock[0], dataset);
            return began.isPresent();
        }
        Manifest manifest = view.manifest(dataset.id());
        Compression stored = compression.apply(dataset);
        Future<?> copy = worker().submit(() -> {
            prefix.flush(manifest, stored, throttle, bytes -> { });
            return null;
        });
        outstanding.add(new Background(dataset, start, copy, lock[0]));
        return true;
    }

    /** Whether a background flush of the dataset is under way. */
    boolean outstanding(long id) {
        return outstanding.stream().anyMatch(b -> b.dataset().id() == id);
    }

    /** Whether any background flush is under way; the same on every rank. */
    boolean busy() {
        return !outstanding.isEmpty();
    }

    /** Collective, does not wait: records the background flushes every rank has finished, oldest first. */
    void poll() {
        while (!outstanding.isEmpty() && finishOldest(false)) {
            // each pass finished one flush
        }
    }

    /** Collective: waits for the background flushes up to and including the dataset's, and records them. */
    void settle(long id) {
        while (outstanding(id)) {
            finishOldest(true);
        }
    }

    /** Collective: waits for every background flush and records it. */
    void settleAll() {
        while (!outstanding.isEmpty()) {
            finishOldest(true);
        }
    }

    /** Stops the flush thread; a copy still running is abandoned (its dataset stays FLUSHING, so the next run redoes it). */
    @Override
    public void close() {
        if (worker != null) {
            worker.shutdownNow();
        }
        for (Background b : outstanding) {
            release(b.lock(), b.dataset());
        }
        outstanding.clear();
    }

    private ExecutorService worker() {
        if (worker == null) {
            int rank = group.rank();
            worker = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "scr4j-flush-rank-" + rank);
                t.setDaemon(true);
                return t;
            });
        }
        return worker;
    }

    /** Finishes the oldest background flush if every rank's copy is done (or waits for them); false if one still runs. */
    private boolean finishOldest(boolean wait) {
        Background b = outstanding.peek();
        List<String> all = group.allGather(status(b.copy(), wait));
        if (all.contains(RUNNING)) {
            return false;
        }
        outstanding.poll();
        List<String> problems = new ArrayList<>();
        for (int r = 0; r < all.size(); r++) {
            if (all.get(r).startsWith(FAILED)) {
                String why = all.get(r).substring(FAILED.length());
                problems.add(all.size() == 1 ? why : "rank " + r + ": " + why);
            }
        }
        try {
            conclude(b.dataset(), b.startNanos(), problems, true);
        } finally {
            release(b.lock(), b.dataset());
        }
        return true;
    }

    private static String status(Future<?> copy, boolean wait) {
        if (!wait && !copy.isDone()) {
            return RUNNING;
        }
        try {
            copy.get();
            return DONE;
        } catch (ExecutionException e) {
            return FAILED + Collective.message(e.getCause());
        } catch (CancellationException e) {
            return FAILED + "the flush was cancelled";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED + "interrupted while waiting for the flush";
        }
    }

    /**
     * Rank 0 takes the lock and records the flush in the index and the journal. Empty if that
     * failed (logged), true if the prefix holds the dataset already, false if the copy may start.
     */
    private Optional<Boolean> begin(DatasetInfo dataset, ControlLock[] lock) {
        String already;
        try {
            already = Collective.onRoot(group, "recording " + dataset.label() + " in the index", () -> {
                lock[0] = prefix.control().lock("flush." + dataset.id(), LOCK_TIMEOUT, LOCK_LEASE);
                Optional<IndexEntry> entry = prefix.control().index().read().entry(dataset.id());
                if (entry.isPresent() && entry.get().isFlushed() && !entry.get().isFailed()) {
                    journal(dataset, FlushJournal.State.FLUSHED, Optional.empty());
                    return "1";
                }
                begin(dataset);
                journal(dataset, FlushJournal.State.FLUSHING, Optional.empty());
                return "";
            });
        } catch (RuntimeException e) {
            log.error("{} was not flushed to the prefix {}: {}. It stays in the cache", dataset.label(), prefix.tier().location(),
                    e.getMessage());
            return Optional.empty();
        }
        if (!already.isEmpty()) {
            log.info("{} is on the prefix already: another process flushed it", dataset.label());
            view.setFlushed(dataset.id(), true);
            return Optional.of(true);
        }
        return Optional.of(false);
    }

    /** After every rank copied (or failed to): records the outcome in the index and the journal. */
    private boolean conclude(DatasetInfo dataset, long start, List<String> problems, boolean async) {
        if (!problems.isEmpty()) {
            String why = String.join("; ", problems);
            log.error("{} was not flushed to the prefix {}: {}. It stays in the cache; the index does not list it as flushed",
                    dataset.label(), prefix.tier().location(), why);
            if (group.rank() == 0) {
                try {
                    journal(dataset, FlushJournal.State.FAILED, Optional.of(why));
                } catch (IOException e) {
                    log.warn("could not record the failed flush of {} in {}: {}", dataset.label(),
                            prefix.control().journal().path(), e.getMessage());
                }
            }
            return false;
        }
        long bytes = group.allGather(Long.toString(view.manifest(dataset.id()).bytes())).stream().mapToLong(Long::parseLong).sum();
        if (group.rank() == 0) {
            CrashPoints.reach(CrashPoints.BEFORE_INDEX);
        }
        String trimmed;
        try {
            trimmed = Collective.onRoot(group, "recording " + dataset.label() + " as flushed in the index",
                    () -> finish(dataset, start, bytes, async));
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

    /** Rank 0: journals a dataset committed in the cache that is not due for a flush. */
    void cached(DatasetInfo dataset) {
        try {
            journal(dataset, FlushJournal.State.CACHED, Optional.empty());
        } catch (IOException e) {
            log.warn("could not record {} in the flush journal {}: {}", dataset.label(), prefix.control().journal().path(),
                    e.getMessage());
        }
    }

    /** Rank 0, at start-up: forgets the journal entries of datasets no longer in the cache. */
    void prune() {
        try {
            prefix.control().journal().update(entries -> {
                entries.keySet().removeIf(id -> view.get(id).isEmpty());
                return entries;
            });
        } catch (IOException e) {
            log.warn("could not tidy the flush journal {}: {}", prefix.control().journal().path(), e.getMessage());
        }
    }

    /** Rank 0: the dataset's journal entry; entries of datasets no longer cached go. */
    private void journal(DatasetInfo dataset, FlushJournal.State state, Optional<String> detail) throws IOException {
        prefix.control().journal().update(entries -> {
            entries.keySet().removeIf(id -> id != dataset.id() && view.get(id).isEmpty());
            entries.put(dataset.id(), new FlushJournal.Entry(dataset.id(), dataset.name(), state, Instant.now(), detail));
            return entries;
        });
    }

    private void release(ControlLock lock, DatasetInfo dataset) {
        if (lock == null) {
            return;
        }
        try {
            lock.close();
        } catch (IOException e) {
            log.warn("could not release the flush lock of {}: {}", dataset.label(), e.getMessage());
        }
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
    private String finish(DatasetInfo dataset, long start, long bytes, boolean async) throws IOException {
        Index index = prefix.control().index().update(i -> {
            IndexEntry entry = i.entry(dataset.id()).orElseThrow(() -> new IllegalStateException(
                    "the index lost the entry of " + dataset.label() + " while it was being flushed"));
            Index next = i.with(entry.withFlushed(Instant.now()));
            // A background flush may end after a newer checkpoint's: current never moves back.
            boolean newer = next.current().isEmpty() || next.current().getAsLong() < dataset.id();
            return dataset.checkpoint() && newer ? next.withCurrent(OptionalLong.of(dataset.id())) : next;
        });
        journal(dataset, FlushJournal.State.FLUSHED, Optional.empty());
        List<Long> trimmed = trim(index);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event", "flush");
        event.put("id", dataset.id());
        event.put("name", dataset.name());
        event.put("seconds", (System.nanoTime() - start) / 1e9);
        event.put("bytes", bytes);
        event.put("ranks", dataset.ranks());
        event.put("async", async);
        try {
            prefix.control().log().append(event);
        } catch (IOException e) {
            // The dataset is flushed and the index says so; only the record of its cost is lost.
            log.warn("{} is flushed, but the event log {} could not be updated: {}", dataset.label(),
                    prefix.control().log().path(), e.getMessage());
        }
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
