package org.scr4j.launch.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which node each slot of the job uses in the next step. A slot keeps its node while the node is
 * up, so the ranks there find their cached files; a slot whose node is down takes a spare, so
 * only the lost node's ranks need a rebuild. Without spares, lost slots double up on the nodes in
 * use, as long as at least the minimum number of nodes remains.
 */
public final class Placement {
    private Placement() {
    }

    /** The outcome: the slots' nodes, or why the job cannot go on. */
    public record Result(List<String> slots, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    /**
     * @param previous the slots of the last step, or empty before the first
     * @param nodes    every node of the allocation, in order
     * @param down     nodes not to use
     * @param slots    how many slots the job has (--nodes)
     * @param minNodes the fewest distinct nodes the job may run on
     */
    public static Result assign(List<String> previous, List<String> nodes, Set<String> down, int slots, int minNodes) {
        List<String> healthy = nodes.stream().filter(n -> !down.contains(n)).toList();
        List<String> assigned = new ArrayList<>(previous.isEmpty() ? java.util.Collections.nCopies(slots, (String) null) : previous);
        if (assigned.size() != slots) {
            throw new IllegalArgumentException("the job has " + slots + " slots but the last step had " + assigned.size());
        }
        Set<String> used = new LinkedHashSet<>();
        for (int s = 0; s < slots; s++) {
            if (assigned.get(s) != null && healthy.contains(assigned.get(s))) {
                used.add(assigned.get(s));
            } else {
                assigned.set(s, null);
            }
        }
        List<String> free = new ArrayList<>(healthy);
        free.removeAll(used);
        for (int s = 0; s < slots && !free.isEmpty(); s++) {
            if (assigned.get(s) == null) {
                String node = free.remove(0);
                assigned.set(s, node);
                used.add(node);
            }
        }
        int needed = Math.min(slots, Math.max(1, minNodes));
        if (used.size() < needed) {
            return new Result(List.of(), healthy.size() + " healthy node(s) left (" + String.join(",", healthy) + ") of "
                    + nodes.size() + ", and the job needs at least " + needed);
        }
        // No spare left: double up on the nodes with the fewest slots.
        Map<String, Integer> load = new HashMap<>();
        assigned.stream().filter(n -> n != null).forEach(n -> load.merge(n, 1, Integer::sum));
        for (int s = 0; s < slots; s++) {
            if (assigned.get(s) == null) {
                String least = used.stream().min((a, b) -> Integer.compare(load.get(a), load.get(b))).orElseThrow();
                assigned.set(s, least);
                load.merge(least, 1, Integer::sum);
            }
        }
        return new Result(List.copyOf(assigned), null);
    }

    /** The node of each rank: slot s holds ranks s*perNode .. (s+1)*perNode-1. */
    public static List<String> ranks(List<String> slots, int perNode) {
        List<String> placement = new ArrayList<>();
        for (String node : slots) {
            for (int i = 0; i < perNode; i++) {
                placement.add(node);
            }
        }
        return placement;
    }
}
