package org.scr4j.group.net;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rank 0's view of the whole job group, the centre of a star: it admits ranks, hands out the
 * table of peers once all joined, completes each collective once every rank's value is in,
 * relays abandoned exchanges, and tells every rank at once when one rank dies, so no rank waits
 * for a dead one. Every method runs on the control plane's single thread, so nothing here is
 * locked.
 */
final class Hub {
    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    private final int size;
    private final RankState local;
    private final String rendezvous;
    private final long joinMillis;
    private final long closeMillis;
    private final EventLoop loop;
    private final Channel[] channels;
    private final Peer[] peers;
    /** Ranks that left cleanly or died: nothing more is expected from them. */
    private final boolean[] gone;
    private int joined = 1;
    private boolean tableSent;
    /** Why the group broke, or null: a rank that joins after that hears it at once. */
    private String failure;
    private long collective;
    private byte[][] values;
    private int arrived;
    private Promise<Void> closing;

    /** {@code self} is rank 0's own entry; {@code local} is rank 0's own state, which the hub feeds directly. */
    Hub(int size, Peer self, RankState local, String rendezvous, long joinMillis, long closeMillis, EventLoop loop) {
        this.size = size;
        this.local = requireNonNull(local, "local is null");
        this.rendezvous = requireNonNull(rendezvous, "rendezvous is null");
        this.joinMillis = joinMillis;
        this.closeMillis = closeMillis;
        this.loop = requireNonNull(loop, "loop is null");
        this.channels = new Channel[size];
        this.peers = new Peer[size];
        this.gone = new boolean[size];
        peers[0] = requireNonNull(self, "self is null");
    }

    /** Starts the clock on joining: ranks missing when it runs out fail the job. */
    void start() {
        loop.schedule(this::joinDeadline, joinMillis, TimeUnit.MILLISECONDS);
    }

    void join(Channel channel, int rank, int rankSize, String node, InetSocketAddress data) {
        String problem = null;
        if (rankSize != size) {
            problem = "rank " + rank + " on node " + node + " was started for a job of " + rankSize + " ranks, but rank 0 for "
                    + size + ". Fix: start every rank with the same SCR4J_SIZE (or SLURM_NTASKS)";
        } else if (rank < 0 || rank >= size) {
            problem = "a process on node " + node + " joined as rank " + rank + ", but this job has ranks 0.." + (size - 1)
                    + ". Fix: give every process its own SCR4J_RANK (or SLURM_PROCID) in 0.." + (size - 1);
        } else if (rank == 0 || channels[rank] != null) {
            problem = "two processes claim rank " + rank + ": one on node " + peers[rank].node() + ", another on node " + node
                    + ". Fix: give every process its own SCR4J_RANK (or SLURM_PROCID)";
        }
        if (problem != null) {
            LOG.error("the job's launch is wrong: {}", problem);
            channel.writeAndFlush(Wire.frame(ALLOC, FrameType.REFUSED, 0, problem)).addListener(ChannelFutureListener.CLOSE);
            fail("the job's launch is wrong: " + problem);
            return;
        }
        channels[rank] = channel;
        peers[rank] = new Peer(rank, node, data);
        joined++;
        if (failure != null) {
            send(rank, Wire.frame(ALLOC, FrameType.FAILED, 0, failure));
        } else if (joined == size) {
            sendTable();
        }
    }

    private void sendTable() {
        tableSent = true;
        ByteBuf frame = Wire.start(ALLOC, FrameType.TABLE, 0, 64 * size);
        frame.writeInt(size);
        for (Peer p : peers) {
            Wire.writeString(frame, p.node());
            Wire.writeString(frame, p.data().getAddress().getHostAddress());
            frame.writeInt(p.data().getPort());
        }
        broadcast(Wire.finish(frame));
        local.table(Arrays.asList(peers));
    }

    private void joinDeadline() {
        if (joined < size && failure == null) {
            String missing = IntStream.range(1, size).filter(r -> channels[r] == null).mapToObj(Integer::toString)
                    .collect(Collectors.joining(", "));
            fail("rank" + (size - joined > 1 ? "s " : " ") + missing + " of " + size + " did not join the job group at "
                    + rendezvous + " within " + joinMillis / 1000 + " s. Fix: start every rank with SCR4J_RENDEZVOUS="
                    + rendezvous + " and the same SCR4J_SIZE and SCR4J_SECRET_FILE, on nodes that can reach that address");
        }
    }

    /** Rank {@code rank}'s value for collective {@code seq}; rank 0's own comes here too. */
    void gather(int rank, long seq, byte[] value) {
        if (failure != null) {
            return;
        }
        if (!tableSent) {
            fail("rank " + rank + " started a collective before every rank joined the group");
            return;
        }
        if (values == null) {
            values = new byte[size][];
            collective = seq;
            arrived = 0;
        }
        if (seq != collective || values[rank] != null) {
            fail(peers[rank].name() + " called collective number " + seq + " while collective number " + collective
                    + " waits for other ranks: the ranks called collectives in different orders. Fix: every rank must make"
                    + " the same collective calls in the same order");
            return;
        }
        values[rank] = value;
        if (++arrived == size) {
            complete();
        }
    }

    private void complete() {
        byte[][] all = values;
        values = null;
        ByteBuf frame = Wire.start(ALLOC, FrameType.GATHERED, collective,
                Integer.BYTES + Arrays.stream(all).mapToInt(v -> Integer.BYTES + v.length).sum());
        frame.writeInt(size);
        for (byte[] v : all) {
            Wire.writeBytes(frame, v);
        }
        broadcast(Wire.finish(frame));
        List<byte[]> mine = new ArrayList<>(size);
        mine.addAll(Arrays.asList(all));
        local.gathered(collective, Collections.unmodifiableList(mine));
    }

    void abandon(int rank, long exchange, String reason) {
        String message = "rank " + rank + " abandoned exchange " + exchange + ": " + reason;
        for (int r = 1; r < size; r++) {
            if (r != rank) {
                send(r, Wire.frame(ALLOC, FrameType.ABANDON, exchange, message));
            }
        }
        if (rank != 0) {
            local.abandon(exchange, message);
        }
    }

    void goodbye(int rank) {
        if (gone[rank]) {
            return;
        }
        gone[rank] = true;
        for (int r = 1; r < size; r++) {
            if (r != rank) {
                send(r, Wire.frame(ALLOC, FrameType.LEFT, rank));
            }
        }
        local.left(rank);
        closeIfAllGone();
    }

    /** Rank {@code rank}'s control connection {@code channel} failed: {@code what} says how. */
    void lost(Channel channel, int rank, String what) {
        if (rank <= 0 || rank >= size || channels[rank] != channel || gone[rank] || closing != null && closing.isDone()) {
            return;
        }
        gone[rank] = true;
        String message = peers[rank].name() + " " + what + ". " + RankState.RELAUNCH;
        LOG.warn("{}", message);
        fail(message);
        closeIfAllGone();
    }

    /** Breaks the group on every rank. */
    private void fail(String message) {
        if (failure != null) {
            return;
        }
        failure = message;
        for (int r = 1; r < size; r++) {
            if (channels[r] != null) {
                send(r, Wire.frame(ALLOC, FrameType.FAILED, 0, message));
            }
        }
        local.fail(message);
    }

    /**
     * Rank 0 leaves: waits, at most {@code closeMillis}, for every other rank to leave or die, then
     * tells those still there that the hub is gone; in a broken group, does not wait. {@code done}
     * completes then.
     */
    void close(Promise<Void> done) {
        closing = done;
        if (failure != null) {
            // Every rank already knows the group is broken; a dead or stopped one would never say goodbye.
            closing.trySuccess(null);
            return;
        }
        // Rank 0 leaves like any rank: a collective still waiting for it fails now, not when the hub is gone.
        for (int r = 1; r < size; r++) {
            send(r, Wire.frame(ALLOC, FrameType.LEFT, 0));
        }
        if (!closeIfAllGone()) {
            loop.schedule(() -> {
                if (closing.isDone()) {
                    return;
                }
                String still = IntStream.range(1, size).filter(r -> !gone[r] && channels[r] != null)
                        .mapToObj(r -> peers[r].name()).collect(Collectors.joining(", "));
                LOG.warn("rank 0 closes the job group though {} did not close theirs within {} s", still, closeMillis / 1000);
                for (int r = 1; r < size; r++) {
                    if (!gone[r] && channels[r] != null) {
                        send(r, Wire.frame(ALLOC, FrameType.CLOSING, 0, "rank 0 closed the job group and waited "
                                + closeMillis / 1000 + " s for this rank to close it too"));
                    }
                }
                closing.trySuccess(null);
            }, closeMillis, TimeUnit.MILLISECONDS);
        }
    }

    private boolean closeIfAllGone() {
        if (closing == null) {
            return false;
        }
        for (int r = 1; r < size; r++) {
            if (!gone[r] && channels[r] != null && channels[r].isActive()) {
                return false;
            }
        }
        closing.trySuccess(null);
        return true;
    }

    private void broadcast(ByteBuf frame) {
        try {
            for (int r = 1; r < size; r++) {
                if (channels[r] != null && !gone[r]) {
                    channels[r].writeAndFlush(frame.retainedDuplicate()).addListener(Wire.READ_SIDE_REPORTS);
                }
            }
        } finally {
            frame.release();
        }
    }

    private void send(int rank, ByteBuf frame) {
        if (channels[rank] == null || gone[rank]) {
            frame.release();
            return;
        }
        channels[rank].writeAndFlush(frame).addListener(Wire.READ_SIDE_REPORTS);
    }
}
