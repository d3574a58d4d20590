package org.scr4j.scheme;

import org.scr4j.dataset.Manifest;
import org.scr4j.group.Group;
import org.scr4j.tier.StorageTier;

/** Files stay only where they were written: survives a process crash, not the loss of its node. */
public final class SingleScheme implements RedundancyScheme {
    public static final String NAME = "SINGLE";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int minimumNodes() {
        return 1;
    }

    @Override
    public void apply(Group group, Manifest manifest, StorageTier tier, String tierDataset) {
        // Nothing to add: the CRC32C in the manifest is SINGLE's whole protection.
    }
}
