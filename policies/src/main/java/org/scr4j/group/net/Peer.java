package org.scr4j.group.net;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;

/** A rank of the job as the table from the hub describes it: its node and where its data server listens. */
record Peer(int rank, String node, InetSocketAddress data) {
    Peer {
        requireNonNull(node, "node is null");
        requireNonNull(data, "data is null");
    }

    /** How messages name a rank: with its node, the unit an operator looks at. */
    String name() {
        return "rank " + rank + " on node " + node;
    }
}
