package org.scr4j.scheme;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Ranks whose parts protect each other under a scheme, and how many of them may be lost at once
 * with every lost one still rebuilt from the others: an XOR set (1), an RS set (its parity count),
 * a PARTNER pair of a rank and the holder of its copy (1).
 *
 * @param members   the ranks, sorted
 * @param tolerance how many members may be lost together; at least 1 and below the member count
 */
public record RecoveryGroup(Set<Integer> members, int tolerance) {
    public RecoveryGroup {
        requireNonNull(members, "members is null");
        SortedSet<Integer> sorted = new TreeSet<>(members);
        if (sorted.size() < 2 || tolerance < 1 || tolerance >= sorted.size()) {
            throw new IllegalArgumentException("a recovery group needs at least 2 members and may lose from 1 to one less than"
                    + " its members, not " + tolerance + " of " + sorted);
        }
        members = Collections.unmodifiableSortedSet(sorted);
    }

    /** Whether every member in {@code unavailable} can be rebuilt from the members that remain. */
    public boolean survives(Set<Integer> unavailable) {
        return lost(unavailable) <= tolerance;
    }

    /** How many members are in {@code unavailable}. */
    public int lost(Set<Integer> unavailable) {
        return (int) members.stream().filter(unavailable::contains).count();
    }
}
