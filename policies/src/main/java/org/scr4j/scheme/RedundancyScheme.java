package org.scr4j.scheme;

import java.io.IOException;
import org.scr4j.dataset.Manifest;
import org.scr4j.group.Group;
import org.scr4j.tier.StorageTier;

/**
 * How a dataset is protected across nodes once its files are written (SINGLE, PARTNER, XOR, RS).
 * A scheme never knows which kind of tier its files live on; it reads and writes through the tier.
 * Bound by name in a Guice MapBinder, as tiers are.
 */
public interface RedundancyScheme {
    /** SINGLE, PARTNER, XOR or RS: the name descriptors use. */
    String name();

    /** How many distinct nodes a redundancy set needs before this scheme protects anything. */
    int minimumNodes();

    /**
     * Collective over the group: protects this rank's committed files of a dataset, which live in
     * {@code tierDataset} on {@code tier}. Called after every rank's files are checked and before
     * its manifest is written, so redundancy data exists before the dataset does.
     */
    void apply(Group group, Manifest manifest, StorageTier tier, String tierDataset) throws IOException;
}
