package org.scr4j.group.net;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.Bootstrap;
import java.util.List;
import org.scr4j.group.GroupException;

/** This rank's data connections to its peers, one per peer, each opened when the first message goes to it. */
final class Outbox {
    private final int rank;
    private final Bootstrap bootstrap;
    private final MessageBuffers buffers;
    private final JobSecret secret;
    private final RankState state;
    private final long timeoutMillis;
    private final Link[] links;
    private final Object[] opening;
    private boolean closed;

    Outbox(int rank, int size, Bootstrap bootstrap, MessageBuffers buffers, JobSecret secret, RankState state, long timeoutMillis) {
        this.rank = rank;
        this.bootstrap = requireNonNull(bootstrap, "bootstrap is null");
        this.buffers = requireNonNull(buffers, "buffers is null");
        this.secret = requireNonNull(secret, "secret is null");
        this.state = requireNonNull(state, "state is null");
        this.timeoutMillis = timeoutMillis;
        this.links = new Link[size];
        this.opening = new Object[size];
        for (int r = 0; r < size; r++) {
            opening[r] = new Object();
        }
    }

    /** The connection to rank {@code to}, opened now if this is the first message to it. */
    Link link(int to, String doing) {
        synchronized (opening[to]) {
            synchronized (this) {
                if (closed) {
                    throw new GroupException(state.self() + ": " + doing + " failed: this rank closed the job group", null);
                }
                if (links[to] != null) {
                    return links[to];
                }
            }
            List<Peer> table = state.table();
            Link link = Link.open(bootstrap, buffers, rank, table.get(to), secret, state, timeoutMillis, doing);
            synchronized (this) {
                if (closed) {
                    link.end(timeoutMillis);
                    throw new GroupException(state.self() + ": " + doing + " failed: this rank closed the job group", null);
                }
                links[to] = link;
            }
            return link;
        }
    }

    /**
     * Ends every connection cleanly: what was sent is written out, then the peers see an end, not
     * a failure. In a broken group nobody waits for that data, and a dead peer would never take
     * it, so the connections just close.
     */
    void close() {
        Link[] open;
        synchronized (this) {
            closed = true;
            open = links.clone();
        }
        boolean flush = !state.broken();
        for (Link link : open) {
            if (link != null) {
                link.end(flush ? timeoutMillis : 0);
            }
        }
    }
}
