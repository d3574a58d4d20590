package org.scr4j.scheme;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.CRC32C;
import org.scr4j.erasure.Crc32c;
import org.scr4j.group.Exchange;

/**
 * One member's units in a stripe pass, on its own node: its data chunks are ranges of its files,
 * its parity units are whole files. A {@link Reader} sends units, a {@link Writer} stores them;
 * each thread takes its own. Parity is checked against the CRC32C its header recorded as it is
 * read, and summed as it is written, in piece order.
 */
final class MemberUnits {
    private final StripeGeometry geometry;
    private final int member;
    private final List<Path> dataPaths;
    private final List<Long> dataSizes;
    private final List<Path> parityPaths;
    private final List<String> parityNames;
    private final long[] expected;
    private final Map<Integer, Long> written = new ConcurrentHashMap<>();
    private final Queue<Segment> segments = new ConcurrentLinkedQueue<>();

    /** A run of bytes written into data file {@code file} at {@code position}, with its CRC32C. */
    private record Segment(int file, long position, long length, long crc) {
    }

    /**
     * @param parityNames how messages name the parity files (their tier paths), unit k + t at t
     * @param expected    each parity file's CRC32C from the header, where it is read; null where it is written
     */
    MemberUnits(StripeGeometry geometry, int member, List<Path> dataPaths, List<Long> dataSizes, List<Path> parityPaths,
            List<String> parityNames, long[] expected) {
        this.geometry = geometry;
        this.member = member;
        this.dataPaths = List.copyOf(dataPaths);
        this.dataSizes = List.copyOf(dataSizes);
        this.parityPaths = List.copyOf(parityPaths);
        this.parityNames = List.copyOf(parityNames);
        this.expected = expected == null ? null : expected.clone();
    }

    Reader reader(int pieceSize) {
        return new Reader(pieceSize);
    }

    Writer writer() {
        return new Writer();
    }

    /** The CRC32C of parity unit k + t as written in this pass, if this pass wrote it. */
    OptionalLong writtenCrc(int t) {
        Long crc = written.get(t);
        if (crc == null && geometry.chunk() == 0) {
            return OptionalLong.of(0); // an empty unit gets no piece; CRC32C of nothing is 0
        }
        return crc == null ? OptionalLong.empty() : OptionalLong.of(crc);
    }

    /**
     * The CRC32C of each data file from the pieces written in this pass, combined in file order
     * without reading the files again; throws if the pieces do not cover each file exactly once.
     */
    long[] writtenDataCrcs() throws IOException {
        List<Segment> sorted = new ArrayList<>(segments);
        sorted.sort(Comparator.comparingInt(Segment::file).thenComparingLong(Segment::position));
        long[] crcs = new long[dataSizes.size()];
        long[] covered = new long[dataSizes.size()];
        for (Segment s : sorted) {
            if (s.position() != covered[s.file()]) {
                throw new IOException("the rebuild wrote bytes " + s.position() + ".." + (s.position() + s.length()) + " of "
                        + dataPaths.get(s.file()) + " after " + covered[s.file()] + " bytes: its pieces overlap or leave a gap");
            }
            crcs[s.file()] = CrcCombine.combine(crcs[s.file()], s.crc(), s.length());
            covered[s.file()] += s.length();
        }
        for (int f = 0; f < covered.length; f++) {
            if (covered[f] != dataSizes.get(f)) {
                throw new IOException("the rebuild wrote " + covered[f] + " of the " + dataSizes.get(f) + " bytes of "
                        + dataPaths.get(f));
            }
        }
        return crcs;
    }

    /**
     * Reads this member's units: sends them to a row's coder (the real bytes of data chunks only,
     * the coder pads them itself), or reads them in place for a row this member codes.
     */
    final class Reader implements AutoCloseable {
        private final RankBytes data = RankBytes.reading(dataPaths, dataSizes);
        private final FileChannel[] parity = new FileChannel[parityPaths.size()];
        private final CRC32C[] crcs = new CRC32C[parityPaths.size()];
        private final int pieceSize;
        private ByteBuffer buffer;
        private ByteBuffer zeros;

        private Reader(int pieceSize) {
            this.pieceSize = pieceSize;
        }

        void send(Exchange exchange, int to, int row, long from, int length) throws IOException {
            int unit = geometry.unit(member, row);
            if (unit < geometry.data()) {
                int real = geometry.realBytes(member, unit, from, length);
                if (real > 0) {
                    data.send(exchange, to, geometry.dataOffset(unit, from), real);
                }
                return;
            }
            if (buffer == null) {
                buffer = ByteBuffer.allocateDirect(pieceSize);
            }
            exchange.send(to, readParity(unit - geometry.data(), from, length, buffer));
        }

        /** Piece {@code from} of this member's unit in {@code row}, read into {@code into} and padded with zeros. */
        ByteBuffer read(int row, long from, int length, ByteBuffer into) throws IOException {
            int unit = geometry.unit(member, row);
            if (unit >= geometry.data()) {
                return readParity(unit - geometry.data(), from, length, into);
            }
            int real = geometry.realBytes(member, unit, from, length);
            into.clear().limit(real);
            if (real > 0) {
                data.read(into, geometry.dataOffset(unit, from));
            }
            into.limit(length);
            if (into.hasRemaining()) {
                if (zeros == null) {
                    zeros = ByteBuffer.allocateDirect(pieceSize);
                }
                into.put(zeros.duplicate().limit(into.remaining()));
            }
            return into.flip();
        }

        private ByteBuffer readParity(int t, long from, int length, ByteBuffer into) throws IOException {
            if (parity[t] == null) {
                parity[t] = FileChannel.open(parityPaths.get(t), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                crcs[t] = new CRC32C();
            }
            into.clear().limit(length);
            while (into.hasRemaining()) {
                if (parity[t].read(into, from + into.position()) < 0) {
                    throw new EOFException("parity file " + parityNames.get(t) + " ends at byte " + (from + into.position())
                            + " but holds a unit of " + geometry.chunk() + " bytes: it was cut short");
                }
            }
            into.flip();
            crcs[t].update(into.duplicate());
            // Checked before the last piece is used, so a damaged unit never completes a rebuild.
            if (from + length == geometry.chunk() && crcs[t].getValue() != expected[t]) {
                throw new IOException("parity file " + parityNames.get(t) + " is damaged: its CRC32C is "
                        + Crc32c.hex(crcs[t].getValue()) + " but its header recorded " + Crc32c.hex(expected[t]));
            }
            return into;
        }

        @Override
        public void close() throws IOException {
            closeAll(parity, data);
        }
    }

    /** Stores units this member receives or computes: data into its files, parity into its parity files. */
    final class Writer implements AutoCloseable {
        private final RankBytes data = RankBytes.writing(dataPaths, dataSizes, (file, position, bytes) -> {
            CRC32C crc = new CRC32C();
            crc.update(bytes.duplicate());
            segments.add(new Segment(file, position, bytes.remaining(), crc.getValue()));
        });
        private final FileChannel[] parity = new FileChannel[parityPaths.size()];
        private final CRC32C[] crcs = new CRC32C[parityPaths.size()];

        /** Stores piece {@code from} of this member's unit in {@code row}; the buffer's position is left alone. */
        void write(int row, long from, ByteBuffer piece) throws IOException {
            int unit = geometry.unit(member, row);
            int length = piece.remaining();
            if (unit < geometry.data()) {
                int real = geometry.realBytes(member, unit, from, length);
                if (real > 0) {
                    ByteBuffer part = piece.duplicate();
                    part.limit(part.position() + real);
                    data.write(part, geometry.dataOffset(unit, from));
                }
                return;
            }
            int t = unit - geometry.data();
            if (parity[t] == null) {
                parity[t] = FileChannel.open(parityPaths.get(t), StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                crcs[t] = new CRC32C();
            }
            ByteBuffer src = piece.duplicate();
            while (src.hasRemaining()) {
                parity[t].write(src, from + (length - src.remaining()));
            }
            crcs[t].update(piece.duplicate());
            if (from + length == geometry.chunk()) {
                written.put(t, crcs[t].getValue());
            }
        }

        @Override
        public void close() throws IOException {
            closeAll(parity, data);
        }
    }

    /** Closes every channel and the data files; the first failure is thrown with the others suppressed. */
    private static void closeAll(FileChannel[] channels, RankBytes data) throws IOException {
        IOException first = null;
        try {
            data.close();
        } catch (IOException e) {
            first = e;
        }
        for (FileChannel c : channels) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        Arrays.fill(channels, null);
        if (first != null) {
            throw first;
        }
    }
}
