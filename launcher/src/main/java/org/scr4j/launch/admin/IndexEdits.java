package org.scr4j.launch.admin;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.scr4j.control.Index;
import org.scr4j.control.IndexEntry;

/**
 * The changes {@code scr4j index} makes, as functions from one {@link Index} to the next, applied
 * inside {@link org.scr4j.control.IndexFile#update} so that each sees the index as it is under the
 * lock. A refused change throws {@link IllegalArgumentException} naming the problem and the fix;
 * the index is then left as it was.
 */
final class IndexEdits {
    private final String prefix;

    /** {@code prefix} names the index in messages. */
    IndexEdits(String prefix) {
        this.prefix = requireNonNull(prefix, "prefix is null");
    }

    /** The newest entry of that name, or an error listing the names the index has. */
    IndexEntry entry(Index index, String name) {
        return index.byName(name).orElseThrow(() -> new IllegalArgumentException("the index of " + prefix
                + " has no dataset named '" + name + "'" + (index.entries().isEmpty() ? "; it lists none"
                : "; it lists " + index.entries().values().stream().map(IndexEntry::name).distinct()
                        .collect(Collectors.joining(", "))) + " (see scr4j index --list)"));
    }

    /** A restart starts from this checkpoint and never takes a newer one; it must be one a restart can use. */
    Index current(Index index, String name) {
        IndexEntry e = entry(index, name);
        String refused = "cannot make " + label(e) + " current: ";
        if (!e.checkpoint()) {
            throw new IllegalArgumentException(refused + "it is an output, not a checkpoint, so no job can restart from it");
        }
        if (e.isFailed()) {
            throw new IllegalArgumentException(refused + "it is marked FAILED (" + e.failed().get() + "). If its files are"
                    + " good after all, 'scr4j index --drop " + name + "' then '--build " + name + "' checks them and lists it again");
        }
        if (!e.complete() || !e.isFlushed()) {
            throw new IllegalArgumentException(refused + "its flush did not finish, so the prefix may lack some of its files;"
                    + " 'scr4j index --drop " + name + "' then '--build " + name + "' checks them and lists it again");
        }
        return index.withCurrent(OptionalLong.of(e.id()));
    }

    /** Forgets the entry; its files stay on the prefix. */
    Index drop(Index index, String name) {
        return index.without(entry(index, name).id());
    }

    /** Forgets every entry newer than the named one (a larger id); their files stay on the prefix. */
    Index dropAfter(Index index, String name) {
        Index next = index;
        for (IndexEntry e : newer(index, name)) {
            next = next.without(e.id());
        }
        return next;
    }

    /** The entries that {@link #dropAfter} drops. */
    List<IndexEntry> newer(Index index, String name) {
        long id = entry(index, name).id();
        return List.copyOf(index.entries().tailMap(id + 1).values());
    }

    /** Refuses a name the index lists already: adding it again would hide which entry is meant. */
    void requireUnlisted(Index index, String name) {
        index.byName(name).ifPresent(e -> {
            throw new IllegalArgumentException(label(e) + " is already in the index of " + prefix
                    + "; 'scr4j index --drop " + e.name() + "' first to list it anew");
        });
    }

    /** Lists a dataset found on the prefix; its name and id must not be listed already. */
    Index add(Index index, IndexEntry added) {
        requireUnlisted(index, added.name());
        index.entry(added.id()).ifPresent(e -> {
            throw new IllegalArgumentException("the index of " + prefix + " already lists id " + e.id() + " as " + e.name()
                    + ", not " + added.name() + "; 'scr4j index --drop " + e.name() + "' first if that entry is wrong");
        });
        return index.with(added);
    }

    static String label(IndexEntry e) {
        return e.name() + " (id " + e.id() + ")";
    }
}
