package org.scr4j.group;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A job step of one rank: every collective is that rank's own answer. */
public final class SoloGroup implements Group {
    private final String node;
    private long exchanges;

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

    /** A job of one rank has no one to talk to: any send or receive names the rank that does not exist. */
    @Override
    public Exchange exchange() {
        long id = ++exchanges;
        return new Exchange() {
            @Override
            public long id() {
                return id;
            }

            @Override
            public void send(int to, java.nio.ByteBuffer data) {
                throw new IllegalArgumentException("rank " + to + " does not exist: this job has one rank");
            }

            @Override
            public Message receive(int from) {
                throw new IllegalArgumentException("rank " + from + " does not exist: this job has one rank");
            }

            @Override
            public void abandon(String reason) {
                // No other rank waits on this one.
            }

            @Override
            public void close() {
                // Nothing was opened.
            }
        };
    }
}
