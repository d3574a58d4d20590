package org.scr4j.group;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A job step of one rank: every collective is that rank's own answer. */
public final class SoloGroup implements Group {
    private final String node;

    public SoloGroup(String node) {
        this.node = requireNonNull(node, "node is null");
    }

    @Override
    public int rank() {
        return 0;
    }

    @Override
    public int size() {
        return 1;
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public List<byte[]> allGather(byte[] value) {
        return List.of(value.clone());
    }
}
