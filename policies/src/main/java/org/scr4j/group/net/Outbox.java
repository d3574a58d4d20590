package org.scr4j.group.net;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.Bootstrap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.scr4j.group.GroupException;

/**
 * This rank's data connections to its peers: one per exchange and peer, opened when the
 * exchange's first message goes to that peer and ended when the exchange closes. A connection per
 * exchange lets a receiver pause one exchange's flow (its memory is full) while it still reads
 * another's, so exchanges in use at the same time never wait on each other.
 */
final class Outbox {
    private final int rank;
    private final Bootstrap bootstrap;
    private final MessageBuffers buffers;
    private final JobSecret secret;
    private final RankState state;
    private final long timeoutMillis;
    private final int size;
    private final Map<Long, Link[]> links = new HashMap<>();
    private final Object[] opening;
    private boolean closed;

    Outbox(int rank, int size, Bootstrap bootstrap, MessageBuffers buffers, JobSecret secret, RankState state, long timeoutMillis) {
        this.rank = rank;
        this.bootstrap = requireNonNull(bootstrap, "bootstrap is null");
        this.buffers = requireNonNull(buffers, "buffers is null");
        this.secret = requireNonNull(secret, "secret is null");
        this.state = requireNonNull(state, "state is null");
        this.timeoutMillis = timeoutMillis;
        this.size = size;
        this.opening = new Object[size];
        for (int r = 0; r < size; r++) {
            opening[r] = new Object();
        }
    }

    /** The connection of {@code exchange} to rank {@code to}, opened now if this is the exchange's first message to it. */
    Link link(long exchange, int to, String doing) {
        synchronized (opening[to]) {
            synchronized (this) {
                if (closed) {
                    throw new GroupException(state.self() + ": " + doing + " failed: this rank closed the job group", null);
                }
                Link[] mine = links.get(exchange);
                if (mine != null && mine[to] != null) {
                    return mine[to];
                }
            }
            List<Peer> table = state.table();
            Link link = Link.open(bootstrap, buffers, rank, table.get(to), secret, state, timeoutMillis, doing);
            synchronized (this) {
                if (closed) {
                    link.end(timeoutMillis);
                    throw new GroupException(state.self() + ": " + doing + " failed: this rank closed the job group", null);
                }
                links.computeIfAbsent(exchange, e -> new Link[size])[to] = link;
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
        List<Link> open = new ArrayList<>();
        synchronized (this) {
            closed = true;
            links.values().forEach(byPeer -> Arrays.stream(byPeer).filter(Objects::nonNull).forEach(open::add));
            links.clear();
        }
        boolean flush = !state.broken();
        for (Link link : open) {
            link.end(flush ? timeoutMillis : 0);
        }
    }

    /** The exchange is closed on this rank: its connections end once what was sent is written. */
    void release(long exchange) {
        Link[] mine;
        synchronized (this) {
            mine = links.remove(exchange);
        }
        if (mine != null) {
            for (Link link : mine) {
                if (link != null) {
                    link.finish(exchange);
                }
            }
        }
    }
}
