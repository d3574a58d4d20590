package org.scr4j.conf;

import static java.util.Objects.requireNonNull;

/**
 * A checkpoint descriptor, SCR's CKPT line: every checkpoint whose id is a multiple of
 * {@code interval} goes to {@code tier} protected by {@code scheme}; the one with the largest
 * interval that divides the id wins.
 */
public record Descriptor(int id, int interval, String tier, String scheme, int setSize, int setFailures, String group,
        boolean output, boolean enabled) {
    public Descriptor {
        requireNonNull(tier, "tier is null");
        requireNonNull(scheme, "scheme is null");
        requireNonNull(group, "group is null");
    }
}
