package org.scr4j.engine;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.scr4j.control.EventLog;
import org.scr4j.dataset.DatasetInfo;
import org.scr4j.dataset.Manifest;
import org.scr4j.fault.CrashPoints;
import org.scr4j.group.Group;
import org.scr4j.scheme.RankPart;

/**
 * Rebuilds the parts of a cached dataset that some ranks lost (their node is gone, or a file
 * failed its CRC32C) from what the other ranks hold, through the dataset's redundancy scheme.
 * Either every rank ends with a verified part and a committed manifest, or the dataset is deleted
 * everywhere: a half-rebuilt dataset is never offered for a restart.
 */
final class Rebuilder {
    /** What rebuilding one dataset took, for the job's log. */
    record Outcome(Manifest mine, double seconds) {
    }

    private final Group group;
    private final JobLog log;
    private final Cache cache;
    private final Function<DatasetInfo, Protection> protection;
    private final EventLog events;

    Rebuilder(Group group, Cache cache, Function<DatasetInfo, Protection> protection, EventLog events) {
        this.group = requireNonNull(group, "group is null");
        this.log = new JobLog(Rebuilder.class, group);
        this.cache = requireNonNull(cache, "cache is null");
        this.protection = requireNonNull(protection, "protection is null");
        this.events = requireNonNull(events, "events is null");
    }

    /**
     * Collective: rebuilds the parts of the ranks in {@code lost}; {@code mine} is this rank's
     * manifest, empty on a lost rank. Empty when the dataset cannot be rebuilt; it is then deleted
     * on every rank and the reason logged.
     */
    Optional<Outcome> rebuild(DatasetInfo dataset, Set<Integer> lost, Optional<Manifest> mine) {
        long start = System.nanoTime();
        Protection p = protection.apply(dataset);
        RankPart part = cache.part(dataset);
        Manifest[] rebuilt = new Manifest[1];
        List<String> problems = Collective.problems(group, () -> {
            if (lost.contains(group.rank())) {
                cache.create(dataset);
            }
            // The scheme checks each rebuilt file's CRC32C as it writes it (the SPI's contract), so no second read here.
            Manifest recovered = p.scheme().recover(group, part, mine, lost, p.options());
            // A part rebuilt from redundancy written before a demotion names the old tier; it lives on this one.
            Manifest result = new Manifest(dataset, recovered.rank(), recovered.files(), recovered.started(), recovered.completed());
            if (lost.contains(group.rank())) {
                CrashPoints.reach(CrashPoints.REBUILD_BEFORE_MANIFEST);
                cache.commit(result);
            }
            rebuilt[0] = result;
        });
        if (problems.isEmpty()) {
            double seconds = (System.nanoTime() - start) / 1e9;
            log.info("rebuilt the part(s) of rank(s) {} of {} with {} in {} s", new TreeSet<>(lost), dataset.label(),
                    dataset.scheme(), String.format("%.3f", seconds));
            return Optional.of(new Outcome(rebuilt[0], seconds));
        }
        String reason = Collective.join(problems);
        log.warn("cannot rebuild {} (protected by {}), which rank(s) {} lost: {}; deleting it, the restart falls back to an"
                + " older checkpoint", dataset.label(), dataset.scheme(), new TreeSet<>(lost), reason);
        recordFailure(dataset, lost, reason);
        List<String> left = Collective.problems(group, () -> cache.delete(dataset));
        left.forEach(q -> log.warn("could not delete the remains of {}: {}", dataset.label(), q));
        return Optional.empty();
    }

    /**
     * Rank 0 records the dataset it could not rebuild in the event log, which outlives the job's
     * output: what was lost, and why (the scheme's reason names each lost rank with its node).
     */
    private void recordFailure(DatasetInfo dataset, Set<Integer> lost, String reason) {
        if (group.rank() != 0) {
            return;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event", "rebuild-failed");
        event.put("id", dataset.id());
        event.put("name", dataset.name());
        event.put("scheme", dataset.scheme());
        event.put("lostRanks", new TreeSet<>(lost).stream().map(String::valueOf).collect(Collectors.joining(",")));
        event.put("reason", reason);
        try {
            events.append(event);
        } catch (IOException e) {
            log.warn("the event log {} could not record that {} was lost: {}", events.path(), dataset.label(), e.getMessage());
        }
    }
}
