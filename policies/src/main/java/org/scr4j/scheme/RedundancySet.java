package org.scr4j.scheme;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Ranks on distinct failure groups that protect each other's data, in the set's own order (member
 * 0, 1, ...): the order fixes the PARTNER ring and the XOR/RS rows.
 *
 * @param id      the set's number in its plan, the same on every rank
 * @param members each member's rank and failure group, when the set was formed
 */
record RedundancySet(int id, List<Member> members) {
    /** One rank of a set and the failure group it ran in when the set was formed. */
    record Member(int rank, String failureGroup) {
        Member {
            requireNonNull(failureGroup, "failureGroup is null");
        }
    }

    RedundancySet {
        members = List.copyOf(requireNonNull(members, "members is null"));
        Set<String> groups = new HashSet<>();
        Set<Integer> ranks = new HashSet<>();
        for (Member m : members) {
            if (!groups.add(m.failureGroup()) || !ranks.add(m.rank())) {
                throw new IllegalArgumentException("redundancy set " + id + " holds two members of one failure group or rank: "
                        + members);
            }
        }
    }

    int size() {
        return members.size();
    }

    int rank(int member) {
        return members.get(member).rank();
    }

    /** The member index of {@code rank}, or -1 if it is not in this set. */
    int indexOf(int rank) {
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).rank() == rank) {
                return i;
            }
        }
        return -1;
    }

    List<Integer> ranks() {
        return members.stream().map(Member::rank).toList();
    }

    /** "ranks 0 (node n0), 4 (node n1)", how messages name a set's members. */
    String describe() {
        StringBuilder s = new StringBuilder("ranks ");
        for (int i = 0; i < members.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(members.get(i).rank()).append(" (").append(members.get(i).failureGroup()).append(')');
        }
        return s.toString();
    }
}
