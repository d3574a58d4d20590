package org.scr4j.control;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Immutable. The prefix's list of datasets and which checkpoint is current (the one a restart
 * should prefer, set by a person with {@code scr4j index --current}). Every change makes a new
 * value, so a reader never sees an index half-updated by {@link IndexFile#update}.
 */
public final class Index {
    /** The index file format this scr4j writes and the newest it reads. */
    public static final int FORMAT = 1;

    private static final Index EMPTY = new Index(new TreeMap<>(), OptionalLong.empty());

    private final SortedMap<Long, IndexEntry> entries;
    private final OptionalLong current;

    private Index(TreeMap<Long, IndexEntry> entries, OptionalLong current) {
        requireNonNull(current, "current is null");
        if (current.isPresent() && !entries.containsKey(current.getAsLong())) {
            throw new IllegalArgumentException("the current dataset " + current.getAsLong() + " is not in the index");
        }
        this.entries = Collections.unmodifiableSortedMap(entries);
        this.current = current;
    }

    public static Index empty() {
        return EMPTY;
    }

    /** For the reader of the file: refuses two entries with one id, and a current id without an entry. */
    static Index of(List<IndexEntry> entries, OptionalLong current) {
        TreeMap<Long, IndexEntry> map = new TreeMap<>();
        for (IndexEntry e : entries) {
            if (map.put(e.id(), e) != null) {
                throw new IllegalArgumentException("dataset id " + e.id() + " is listed twice");
            }
        }
        return new Index(map, current);
    }

    public OptionalLong current() {
        return current;
    }

    /** By id, unmodifiable. */
    public SortedMap<Long, IndexEntry> entries() {
        return entries;
    }

    public Optional<IndexEntry> entry(long id) {
        return Optional.ofNullable(entries.get(id));
    }

    /** The newest id with that name: a name may be reused by a later dataset. */
    public Optional<IndexEntry> byName(String name) {
        requireNonNull(name, "name is null");
        IndexEntry found = null;
        for (IndexEntry e : entries.values()) {
            if (e.name().equals(name)) {
                found = e;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Adds the entry, or replaces the one with its id. */
    public Index with(IndexEntry e) {
        requireNonNull(e, "e is null");
        TreeMap<Long, IndexEntry> map = new TreeMap<>(entries);
        map.put(e.id(), e);
        return new Index(map, current);
    }

    /** Drops the entry; if it was current, nothing is current afterwards. */
    public Index without(long id) {
        if (!entries.containsKey(id)) {
            return this;
        }
        TreeMap<Long, IndexEntry> map = new TreeMap<>(entries);
        map.remove(id);
        OptionalLong cur = current.isPresent() && current.getAsLong() == id ? OptionalLong.empty() : current;
        return new Index(map, cur);
    }

    /** Sets or clears the current dataset; the id must be in the index. */
    public Index withCurrent(OptionalLong id) {
        return new Index(new TreeMap<>(entries), requireNonNull(id, "id is null"));
    }

    /**
     * Flushed, complete, not failed checkpoint entries, newest first by id: what a restart may fetch.
     * The caller deals with {@link #current()}.
     */
    public List<IndexEntry> restartable() {
        List<IndexEntry> out = new ArrayList<>();
        for (IndexEntry e : entries.values()) {
            if (e.checkpoint() && e.complete() && e.isFlushed() && !e.isFailed()) {
                out.add(e);
            }
        }
        Collections.reverse(out);
        return List.copyOf(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Index other && entries.equals(other.entries) && current.equals(other.current);
    }

    @Override
    public int hashCode() {
        return entries.hashCode() * 31 + current.hashCode();
    }

    @Override
    public String toString() {
        return "Index[current=" + (current.isPresent() ? current.getAsLong() : "none") + ", entries="
                + entries.values() + "]";
    }
}
