package org.scr4j.tier.local;

import java.io.IOException;
import java.util.Set;
import org.scr4j.tier.Durability;
import org.scr4j.tier.StorageTier;
import org.scr4j.tier.TierContext;
import org.scr4j.tier.TierFactory;
import org.scr4j.tier.TierSpec;

/** A directory on a node-local disk or SSD; files are made durable with fsync. */
public final class SsdTierFactory implements TierFactory {
    @Override
    public String description() {
        return "a directory on a node-local SSD or disk; fsync makes files durable";
    }

    @Override
    public Durability durability() {
        return Durability.NODE_PERSISTENT;
    }

    @Override
    public Set<String> options() {
        return Set.of();
    }

    @Override
    public StorageTier create(TierSpec spec, TierContext context) throws IOException {
        return new LocalDirectoryTier(spec, durability(), LocalBase.resolve(spec, context), new ChannelWrites());
    }
}
