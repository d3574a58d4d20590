package org.scr4j.launch.run;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.scr4j.conf.ConfiguredTiers;
import org.scr4j.tier.StorageTier;
import org.scr4j.tier.TierContext;
import org.scr4j.tier.TierHealth;
import org.scr4j.tier.TierUsage;

/**
 * The cache tiers of one job on one node, as its ranks open them (the same ${user}, ${job} and
 * ${node}): checked before a step starts there, and wiped when a simulated node crashes.
 */
public final class NodeStorage {
    private final ConfiguredTiers tiers;
    private final String user;
    private final String job;

    public NodeStorage(ConfiguredTiers tiers, String user, String job) {
        this.tiers = requireNonNull(tiers, "tiers is null");
        this.user = requireNonNull(user, "user is null");
        this.job = requireNonNull(job, "job is null");
    }

    /** What is wrong with the node's cache tiers (missing, not writable, no room); empty when healthy. */
    public List<String> problems(String node) {
        List<String> problems = new ArrayList<>();
        List<StorageTier> opened;
        try {
            opened = tiers.open(new TierContext(user, job, node));
        } catch (IOException | RuntimeException e) {
            return List.of("cannot open the cache tiers: " + e.getMessage());
        }
        for (StorageTier tier : opened) {
            try (tier) {
                TierHealth health = tier.checkHealth();
                health.problems().forEach(p -> problems.add("tier '" + tier.name() + "' at " + tier.location() + ": " + p));
                TierUsage usage = tier.usage();
                if (health.healthy() && usage.available() <= 0) {
                    problems.add("tier '" + tier.name() + "' at " + tier.location() + " has no room left");
                }
            } catch (IOException e) {
                problems.add("tier '" + tier.name() + "' at " + tier.location() + ": " + e.getMessage());
            }
        }
        return problems;
    }

    /** Deletes everything the job keeps on the node's cache tiers, as a node crash loses its RAM disk. */
    public void wipe(String node) throws IOException {
        for (StorageTier tier : tiers.open(new TierContext(user, job, node))) {
            try (tier) {
                for (String dataset : tier.listDatasets()) {
                    tier.deleteDataset(dataset);
                }
            }
        }
    }
}
