package org.scr4j.scheme;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.scr4j.erasure.ErasureCoder;
import org.scr4j.fault.CrashPoints;
import org.scr4j.group.Exchange;

/**
 * One pass of a set's member over the rows of a {@link RowPlan}, piece by piece so that memory
 * stays bounded whatever the data's size. Three kinds of thread run on each rank: a sender reads
 * its source units and sends them to the rows' coders; a coder receives k pieces, codes them and
 * stores or forwards the outputs; a receiver per forwarding coder stores what arrives. Every
 * sender sends piece p to all its destinations (in rank order) before piece p + 1, and coders take
 * pieces in the same order, so no cycle of waits can form; receivers only consume.
 *
 * <p>Sources travel on one exchange and outputs on another, so that a rank never has two threads
 * reading messages from the same peer in one exchange.
 */
final class StripeRun {
    private final ErasureCoder coder;
    private final boolean oneKind;
    private final StripeGeometry g;
    private final RowPlan plan;
    private final RedundancySet set;
    private final int me;
    private final int pieceSize;
    private final String sentPoint;

    /**
     * @param oneKind   whether the coder needs all units heap or all direct (Hadoop's do)
     * @param sentPoint the crash point reached after each piece this rank sends
     */
    StripeRun(ErasureCoder coder, boolean oneKind, StripeGeometry geometry, RowPlan plan, RedundancySet set, int me, int pieceSize,
            String sentPoint) {
        if (pieceSize < 1 || pieceSize > Exchange.MAX_MESSAGE) {
            throw new IllegalArgumentException("a piece holds 1 to " + Exchange.MAX_MESSAGE + " bytes, not " + pieceSize);
        }
        this.coder = coder;
        this.oneKind = oneKind;
        this.g = geometry;
        this.plan = plan;
        this.set = set;
        this.me = me;
        this.pieceSize = pieceSize;
        this.sentPoint = sentPoint;
    }

    /** Starts this member's threads of the pass on {@code workers}. */
    void start(Workers workers, Exchange sources, Exchange outputs, MemberUnits mine) {
        if (g.chunk() == 0) {
            return; // every member is empty: there is nothing to code
        }
        List<Integer> destinations = destinations();
        if (!destinations.isEmpty()) {
            workers.start("send", () -> send(sources, destinations, mine));
        }
        List<Integer> myRows = rowsComputedBy(me);
        if (!myRows.isEmpty()) {
            workers.start("code", () -> code(sources, outputs, myRows, mine));
        }
        for (int c = 0; c < g.members(); c++) {
            List<Integer> rows = rowsWrittenFor(c);
            if (c != me && !rows.isEmpty()) {
                int computer = c;
                workers.start("receive from rank " + set.rank(c), () -> receive(outputs, computer, rows, mine));
            }
        }
    }

    /** The other coders this member sends to, in rank order; a row it codes itself reads its unit in place. */
    private List<Integer> destinations() {
        TreeSet<Integer> members = new TreeSet<>(Comparator.comparingInt(set::rank));
        for (int r = 0; r < plan.rows(); r++) {
            if (plan.reads(me, r) && plan.computer(r) != me) {
                members.add(plan.computer(r));
            }
        }
        return new ArrayList<>(members);
    }

    private List<Integer> rowsComputedBy(int member) {
        List<Integer> rows = new ArrayList<>();
        for (int r = 0; r < plan.rows(); r++) {
            if (plan.computer(r) == member) {
                rows.add(r);
            }
        }
        return rows;
    }

    /** Rows coded by {@code computer} that produce one of this member's units. */
    private List<Integer> rowsWrittenFor(int computer) {
        return rowsComputedBy(computer).stream().filter(r -> plan.writes(me, r)).toList();
    }

    private void send(Exchange exchange, List<Integer> destinations, MemberUnits mine) throws IOException {
        try (MemberUnits.Reader reader = mine.reader(pieceSize)) {
            for (int p = 0; p < g.pieces(pieceSize); p++) {
                long from = (long) p * pieceSize;
                int length = g.pieceLength(p, pieceSize);
                for (int dest : destinations) {
                    for (int r = 0; r < plan.rows(); r++) {
                        if (plan.computer(r) == dest && plan.reads(me, r)) {
                            reader.send(exchange, set.rank(dest), r, from, length);
                            CrashPoints.reach(sentPoint);
                        }
                    }
                }
            }
        }
    }

    private void code(Exchange sources, Exchange outputs, List<Integer> rows, MemberUnits mine) throws IOException {
        PieceBuffers buffers = new PieceBuffers(g.data(), g.parity(), pieceSize, oneKind);
        List<Exchange.Message> held = new ArrayList<>(g.data());
        try (MemberUnits.Writer writer = mine.writer(); MemberUnits.Reader own = mine.reader(pieceSize)) {
            for (int p = 0; p < g.pieces(pieceSize); p++) {
                long from = (long) p * pieceSize;
                int length = g.pieceLength(p, pieceSize);
                for (int r : rows) {
                    int[] wanted = plan.outputs(r);
                    ByteBuffer[] out;
                    try {
                        out = codeRow(sources, r, from, length, wanted, buffers, own, held);
                    } finally {
                        // Received pieces go back to the transport once coded, or when the row failed.
                        held.forEach(Exchange.Message::close);
                        held.clear();
                    }
                    for (int i = 0; i < wanted.length; i++) {
                        int owner = g.holder(r, wanted[i]);
                        if (owner == me) {
                            writer.write(r, from, out[i]);
                        } else {
                            outputs.send(set.rank(owner), out[i].duplicate());
                            CrashPoints.reach(sentPoint);
                        }
                    }
                }
            }
        }
    }

    /** Gathers row r's k source pieces (this member's own read in place, the others as they arrive) and codes its outputs. */
    private ByteBuffer[] codeRow(Exchange sources, int r, long from, int length, int[] wanted, PieceBuffers buffers,
            MemberUnits.Reader own, List<Exchange.Message> held) throws IOException {
        int[] in = plan.sources(r);
        ByteBuffer[] inputs = new ByteBuffer[in.length];
        for (int i = 0; i < in.length; i++) {
            int holder = g.holder(r, in[i]);
            if (holder == me) {
                inputs[i] = own.read(r, from, length, buffers.scratch(i));
            } else {
                int expected = in[i] < g.data() ? g.realBytes(holder, in[i], from, length) : length;
                inputs[i] = piece(sources, set.rank(holder), expected, length, buffers.scratch(i), buffers.zeros(), held);
            }
        }
        boolean heap = buffers.uniform(inputs);
        ByteBuffer[] units = new ByteBuffer[g.members()];
        for (int i = 0; i < in.length; i++) {
            units[in[i]] = inputs[i];
        }
        ByteBuffer[] out = new ByteBuffer[wanted.length];
        for (int i = 0; i < wanted.length; i++) {
            out[i] = buffers.output(i, heap).clear().limit(length);
            units[wanted[i]] = out[i];
        }
        coder.decode(units, wanted);
        return out;
    }

    /**
     * The next piece from {@code from}: its real bytes, then zeros up to {@code length}. A piece
     * that arrives whole as one message is used in place; others are gathered into {@code scratch}.
     */
    private static ByteBuffer piece(Exchange exchange, int from, int expected, int length, ByteBuffer scratch, ByteBuffer zeros,
            List<Exchange.Message> held) throws IOException {
        scratch.clear();
        int got = 0;
        while (got < expected) {
            Exchange.Message m = exchange.receive(from);
            int n = m.data().remaining();
            if (got + n > expected) {
                m.close();
                throw Messages.overrun(from, expected, got + n);
            }
            if (got == 0 && n == length) {
                held.add(m);
                return m.data().duplicate();
            }
            scratch.put(m.data().duplicate());
            m.close();
            got += n;
        }
        scratch.put(zeros.duplicate().limit(length - expected));
        return scratch.flip();
    }

    private void receive(Exchange outputs, int computer, List<Integer> rows, MemberUnits mine) throws IOException {
        int from = set.rank(computer);
        try (MemberUnits.Writer writer = mine.writer()) {
            for (int p = 0; p < g.pieces(pieceSize); p++) {
                long at = (long) p * pieceSize;
                int length = g.pieceLength(p, pieceSize);
                for (int r : rows) {
                    try (Exchange.Message m = outputs.receive(from)) {
                        if (m.data().remaining() != length) {
                            throw Messages.overrun(from, length, m.data().remaining());
                        }
                        writer.write(r, at, m.data());
                    }
                }
            }
        }
    }
}
