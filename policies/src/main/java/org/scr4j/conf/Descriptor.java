package org.scr4j.conf;

import static java.util.Objects.requireNonNull;

import org.scr4j.compress.Compression;

/**
 * A checkpoint descriptor, SCR's CKPT line: every checkpoint whose id is a multiple of
 * {@code interval} goes to {@code tier} protected by {@code scheme}; the one with the largest
 * interval that divides the id wins. {@code compression} is how a flush of its datasets stores
 * their files on the prefix (COMPRESS= and SHUFFLE=).
 */
public record Descriptor(int id, int interval, String tier, String scheme, int setSize, int setFailures, String group,
        boolean output, boolean enabled, Compression compression) {
    public Descriptor {
        requireNonNull(tier, "tier is null");
        requireNonNull(scheme, "scheme is null");
        requireNonNull(group, "group is null");
        requireNonNull(compression, "compression is null");
    }
}
