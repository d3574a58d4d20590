package org.scr4j.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Units on disk, coded a cell at a time: real files, checked by CRC32C. */
class StreamCoderTest {
    private static final int CELL = 64 << 10;

    @TempDir
    Path dir;

    private Path unit(int u) {
        return dir.resolve("unit." + u);
    }

    private List<ReadableByteChannel> readers(int from, int to) throws IOException {
        List<ReadableByteChannel> channels = new ArrayList<>();
        for (int u = from; u < to; u++) {
            channels.add(FileChannel.open(unit(u), StandardOpenOption.READ));
        }
        return channels;
    }

    private List<WritableByteChannel> writers(int from, int to) throws IOException {
        List<WritableByteChannel> channels = new ArrayList<>();
        for (int u = from; u < to; u++) {
            channels.add(FileChannel.open(unit(u), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING));
        }
        return channels;
    }

    private static void closeAll(List<? extends java.nio.channels.Channel> channels) throws IOException {
        for (java.nio.channels.Channel c : channels) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    @Timeout(120)
    void filesFarLargerThanTheCoderMemoryAreEncodedAndTwoLostUnitsRebuiltBitForBit() throws IOException {
        ErasureCode code = ErasureCode.rs(6, 3);
        // 47 cells and an odd tail per unit: the coder holds 3 stripes of 9 cells, 1.7 MiB, for 17.7 MiB of data.
        long length = 47L * CELL + 12_345;
        Random random = new Random(9);
        byte[] block = new byte[1 << 20];
        for (int u = 0; u < code.dataUnits(); u++) {
            try (OutputStream out = Files.newOutputStream(unit(u))) {
                for (long written = 0; written < length; written += block.length) {
                    random.nextBytes(block);
                    out.write(block, 0, (int) Math.min(block.length, length - written));
                }
            }
        }
        StreamCoder stream = new StreamCoder(Coders.create(code), CELL, 3);
        assertTrue(stream.memoryBytes() * 10 < length * code.dataUnits(), "memory is bounded, not proportional to the data");

        List<ReadableByteChannel> data = readers(0, 6);
        List<WritableByteChannel> parity = writers(6, 9);
        stream.encode(data, parity, length);
        closeAll(data);
        closeAll(parity);

        long[] crcs = new long[9];
        for (int u = 0; u < 9; u++) {
            assertEquals(length, Files.size(unit(u)), "unit " + u);
            crcs[u] = Crc32c.of(unit(u));
        }
        assertEquals(crcs[6], parityCrcOfWholeFiles(code, length, 6), "streamed parity equals parity of the whole units");

        Files.move(unit(1), dir.resolve("lost.1"));
        Files.move(unit(7), dir.resolve("lost.7"));
        List<ReadableByteChannel> units = new ArrayList<>();
        for (int u = 0; u < 9; u++) {
            units.add(u == 1 || u == 7 ? null : FileChannel.open(unit(u), StandardOpenOption.READ));
        }
        List<WritableByteChannel> rebuilt = writers(0, 0);
        Map<Integer, WritableByteChannel> targets = new HashMap<>();
        for (int u : new int[] {1, 7}) {
            WritableByteChannel c = FileChannel.open(unit(u), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            targets.put(u, c);
            rebuilt.add(c);
        }
        stream.decode(units, targets, length);
        closeAll(units);
        closeAll(rebuilt);
        assertEquals(crcs[1], Crc32c.of(unit(1)), "rebuilt data unit 1");
        assertEquals(crcs[7], Crc32c.of(unit(7)), "rebuilt parity unit 7");
    }

    /** Parity unit u computed in one piece from whole files read into memory: the reference for the streamed one. */
    private long parityCrcOfWholeFiles(ErasureCode code, long length, int u) throws IOException {
        byte[][] data = new byte[code.dataUnits()][];
        for (int i = 0; i < data.length; i++) {
            data[i] = Files.readAllBytes(unit(i));
        }
        byte[][] parity = new byte[code.parityUnits()][(int) length];
        Coders.create(code, CoderChoice.SCALAR).encode(data, parity);
        return Crc32c.of(parity[u - code.dataUnits()]);
    }

    @Test
    @Timeout(60)
    void aUnitThatEndsEarlyIsAnErrorNamingIt() throws IOException {
        ErasureCode code = ErasureCode.xor(3);
        List<ReadableByteChannel> data = List.of(bytes(3 * CELL), bytes(3 * CELL), bytes(2 * CELL + 5));
        WritableByteChannel sink = Channels.newChannel(OutputStream.nullOutputStream());
        EOFException e = assertThrows(EOFException.class,
                () -> new StreamCoder(Coders.create(code), CELL, 2).encode(data, List.of(sink), 3L * CELL));
        assertTrue(e.getMessage().contains("unit 2 ended after " + (2 * CELL + 5) + " of its " + 3 * CELL + " bytes"), e.getMessage());
    }

    @Test
    @Timeout(60)
    void aFailingWriterStopsTheCoderWithItsErrorInsteadOfHanging() {
        ErasureCode code = ErasureCode.rs(2, 1);
        WritableByteChannel broken = new WritableByteChannel() {
            private int calls;

            @Override
            public int write(ByteBuffer src) throws IOException {
                if (++calls > 2) {
                    throw new IOException("disk full");
                }
                int n = src.remaining();
                src.position(src.limit());
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        long length = 40L * CELL;
        IOException e = assertThrows(IOException.class, () -> new StreamCoder(Coders.create(code), CELL, 3)
                .encode(List.of(bytes(length), bytes(length)), List.of(broken), length));
        assertEquals("disk full", e.getMessage());
    }

    @Test
    void tooManyLostUnitsIsRefusedBeforeAnythingIsRead() {
        ErasureCode code = ErasureCode.rs(3, 1);
        List<ReadableByteChannel> units = new ArrayList<>(List.of(bytes(10), bytes(10), bytes(10), bytes(10)));
        units.set(0, null);
        Map<Integer, WritableByteChannel> targets = Map.of(1, Channels.newChannel(OutputStream.nullOutputStream()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StreamCoder(Coders.create(code), CELL, 2).decode(units, targets, 10));
        assertTrue(e.getMessage().contains("RS(3,1) cannot rebuild: 2 of 4 units"), e.getMessage());
    }

    @Test
    void zeroPaddingMakesAShortUnitAsLongAsItsSet() throws IOException {
        byte[] shortUnit = new byte[1000];
        new Random(3).nextBytes(shortUnit);
        ZeroPaddedChannel padded = new ZeroPaddedChannel(Channels.newChannel(new java.io.ByteArrayInputStream(shortUnit)), 5000);
        ByteBuffer all = ByteBuffer.allocate(6000);
        while (padded.read(all) >= 0) {
            // read to the end
        }
        assertEquals(5000, all.position());
        byte[] expected = java.util.Arrays.copyOf(shortUnit, 5000);
        assertEquals(Crc32c.of(expected), Crc32c.of(all.flip()));
        ZeroPaddedChannel tooLong = new ZeroPaddedChannel(Channels.newChannel(new java.io.ByteArrayInputStream(new byte[10])), 4);
        IOException e = assertThrows(IOException.class, () -> tooLong.read(ByteBuffer.allocate(100)));
        assertTrue(e.getMessage().contains("more than the 4 bytes"), e.getMessage());
    }

    private static ReadableByteChannel bytes(long length) {
        byte[] b = new byte[(int) length];
        new Random(length).nextBytes(b);
        return Channels.newChannel(new java.io.ByteArrayInputStream(b));
    }
}
