package org.scr4j.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.scr4j.dataset.Manifest;
import org.scr4j.group.Group;

/**
 * A demotion killed between its copy and its delete leaves complete parts of one dataset on two
 * tiers. At start-up the ranks settle on one tier per dataset, the same on every rank: the slowest
 * tier every holder has a copy on (the demotion finished copying there), and delete the others.
 */
final class PartDuplicates {
    private PartDuplicates() {
    }

    /** Collective: one manifest per dataset, on the tier all ranks chose; the other copies are deleted. */
    static List<Manifest> settle(Group group, List<Manifest> scanned, List<String> order, Cache cache, JobLog log) {
        Map<Long, List<Manifest>> mine = new TreeMap<>();
        scanned.forEach(m -> mine.computeIfAbsent(m.dataset().id(), k -> new ArrayList<>()).add(m));
        String line = mine.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue().stream().map(m -> m.dataset().tier()).collect(Collectors.joining(",")))
                .collect(Collectors.joining(";"));
        Map<Long, Set<String>> common = new HashMap<>();
        for (String rank : group.allGather(line)) {
            for (String entry : rank.split(";")) {
                if (entry.isEmpty()) {
                    continue;
                }
                int colon = entry.indexOf(':');
                long id = Long.parseLong(entry.substring(0, colon));
                Set<String> tiers = new TreeSet<>(List.of(entry.substring(colon + 1).split(",")));
                common.merge(id, tiers, (a, b) -> {
                    Set<String> both = new TreeSet<>(a);
                    both.retainAll(b);
                    return both;
                });
            }
        }
        List<Manifest> kept = new ArrayList<>();
        for (Map.Entry<Long, List<Manifest>> e : mine.entrySet()) {
            List<Manifest> copies = e.getValue();
            if (copies.size() == 1 && common.get(e.getKey()).contains(copies.get(0).dataset().tier())) {
                kept.add(copies.get(0));
                continue;
            }
            Set<String> shared = common.get(e.getKey());
            Manifest keep = copies.stream()
                    .filter(m -> shared.isEmpty() || shared.contains(m.dataset().tier()))
                    .max((a, b) -> Integer.compare(order.indexOf(a.dataset().tier()), order.indexOf(b.dataset().tier())))
                    .orElse(copies.get(0));
            for (Manifest m : copies) {
                if (m != keep) {
                    log.info("{} has a copy on tier '{}' and on '{}', left by a move between tiers that was cut off; keeping '{}'",
                            m.dataset().label(), m.dataset().tier(), keep.dataset().tier(), keep.dataset().tier());
                    try {
                        cache.delete(m.dataset());
                    } catch (IOException ex) {
                        log.warn("could not delete the extra copy of {} on tier '{}': {}", m.dataset().label(),
                                m.dataset().tier(), ex.getMessage());
                    }
                }
            }
            kept.add(keep);
        }
        return kept;
    }
}
