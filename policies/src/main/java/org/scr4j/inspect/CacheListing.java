package org.scr4j.inspect;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.scr4j.conf.ConfiguredTiers;
import org.scr4j.conf.ScrConfig;
import org.scr4j.scheme.SchemeRegistry;
import org.scr4j.tier.StorageTier;
import org.scr4j.tier.TierContext;
import org.scr4j.tier.TierRegistry;

/**
 * What one node's cache holds: every {@code dataset.<id>.rank.<r>} directory on every configured
 * cache tier, as the engine lays them out, described by {@link PartListing}. Read-only, except
 * that opening a tier creates its directory (0700) if it is missing, as the job itself would.
 */
public final class CacheListing {
    private static final Pattern PART = Pattern.compile("dataset\\.([1-9]\\d{0,17})\\.rank\\.(\\d{1,9})");

    private final ScrConfig config;
    private final TierRegistry tiers;
    private final SchemeRegistry schemes;

    public CacheListing(ScrConfig config, TierRegistry tiers, SchemeRegistry schemes) {
        this.config = requireNonNull(config, "config is null");
        this.tiers = requireNonNull(tiers, "tiers is null");
        this.schemes = requireNonNull(schemes, "schemes is null");
    }

    /**
     * Every part on the cache tiers of the node {@code context} names (its user and job select the
     * directories of node-local bases), newest dataset first, then by rank and tier.
     *
     * @throws IOException a tier or a part cannot be read
     * @throws org.scr4j.conf.ConfigException a configured tier's type or options are wrong
     */
    public List<PartListing> list(TierContext context) throws IOException {
        PartInspector inspector = new PartInspector(context.node(), schemes);
        List<PartListing> parts = new ArrayList<>();
        List<StorageTier> opened = new ConfiguredTiers(config, tiers).open(context);
        try {
            for (StorageTier tier : opened) {
                list(tier, inspector, parts);
            }
        } catch (IOException | RuntimeException e) {
            close(opened, e);
            throw e;
        }
        close(opened, null);
        parts.sort(Comparator.comparingLong(PartListing::datasetId).reversed().thenComparingInt(PartListing::rank)
                .thenComparing(PartListing::tier));
        return List.copyOf(parts);
    }

    private static void list(StorageTier tier, PartInspector inspector, List<PartListing> parts) throws IOException {
        for (String directory : tier.listDatasets()) {
            Matcher m = PART.matcher(directory);
            if (!m.matches()) {
                continue; // not a part: nothing of the engine's
            }
            try {
                parts.add(inspector.inspect(tier, directory, Long.parseLong(m.group(1)), Integer.parseInt(m.group(2))));
            } catch (NoSuchFileException e) {
                if (tier.listDatasets().contains(directory)) {
                    throw new IOException("cannot inspect " + directory + " on tier '" + tier.name() + "' (" + tier.location()
                            + "): " + e.getMessage(), e);
                }
                // Deleted between the listing and the look (a running job trimmed its cache): it is not held any more.
            } catch (IOException e) {
                throw new IOException("cannot inspect " + directory + " on tier '" + tier.name() + "' (" + tier.location() + "): "
                        + e.getMessage(), e);
            }
        }
    }

    /** Closes every tier; a failure is thrown, or added to {@code primary} when the listing failed already. */
    private static void close(List<StorageTier> opened, Throwable primary) throws IOException {
        IOException failure = null;
        for (StorageTier tier : opened) {
            try {
                tier.close();
            } catch (IOException e) {
                if (primary != null) {
                    primary.addSuppressed(e);
                } else if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
