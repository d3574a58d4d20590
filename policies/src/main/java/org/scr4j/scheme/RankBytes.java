package org.scr4j.scheme;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scr4j.group.Exchange;
import org.scr4j.tier.local.Directories;

/**
 * A rank's files seen as one run of bytes, concatenated in manifest order: the data a stripe
 * cuts into chunks. Ranges that span files are split at file boundaries. Channels open on first
 * use and a few stay open, so a part of many files needs few descriptors. One thread uses an
 * instance; threads that share files open their own.
 */
final class RankBytes implements AutoCloseable {
    private static final int OPEN_CHANNELS = 16;

    /** Told of each run of bytes written into one file. */
    @FunctionalInterface
    interface Written {
        void accept(int file, long position, ByteBuffer bytes);
    }

    private final List<Path> paths;
    private final long[] ends;
    private final Written written;
    private final Map<Integer, FileChannel> open = new LinkedHashMap<>(16, 0.75f, true);

    private RankBytes(List<Path> paths, List<Long> sizes, Written written) {
        this.paths = List.copyOf(paths);
        this.ends = new long[sizes.size()];
        long end = 0;
        for (int i = 0; i < ends.length; i++) {
            end += sizes.get(i);
            ends[i] = end;
        }
        this.written = written;
    }

    /** Reads the files at {@code paths}, of {@code sizes} bytes. */
    static RankBytes reading(List<Path> paths, List<Long> sizes) {
        return new RankBytes(paths, sizes, null);
    }

    /** Writes into files that {@link #create} made, telling {@code written} of every run of bytes. */
    static RankBytes writing(List<Path> paths, List<Long> sizes, Written written) {
        return new RankBytes(paths, sizes, written);
    }

    /** Creates every file empty (a rebuilt rank's zero-length files exist too), with its directories. */
    static void create(List<Path> paths) throws IOException {
        for (Path p : paths) {
            Files.createDirectories(p.getParent(), Directories.PRIVATE);
            // Created empty; writers fill it at positions.
            FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                    LinkOption.NOFOLLOW_LINKS).close();
        }
    }

    long length() {
        return ends.length == 0 ? 0 : ends[ends.length - 1];
    }

    /** Sends {@code count} bytes from {@code offset} to rank {@code to}, one message or more per file touched. */
    void send(Exchange exchange, int to, long offset, long count) throws IOException {
        check(offset, count);
        long done = 0;
        while (done < count) {
            int file = fileAt(offset + done);
            long inFile = offset + done - start(file);
            long n = Math.min(count - done, ends[file] - (offset + done));
            exchange.sendFile(to, channel(file), inFile, n);
            done += n;
        }
    }

    /** Writes the remaining bytes of {@code data} at {@code offset}; the buffer's position is left alone. */
    void write(ByteBuffer data, long offset) throws IOException {
        ByteBuffer src = data.duplicate();
        check(offset, src.remaining());
        long at = offset;
        while (src.hasRemaining()) {
            int file = fileAt(at);
            long inFile = at - start(file);
            int n = (int) Math.min(src.remaining(), ends[file] - at);
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + n);
            FileChannel channel = channel(file);
            ByteBuffer run = part.duplicate();
            while (part.hasRemaining()) {
                channel.write(part, inFile + (n - part.remaining()));
            }
            written.accept(file, inFile, run);
            src.position(src.position() + n);
            at += n;
        }
    }

    /** Reads {@code dst.remaining()} bytes from {@code offset} into {@code dst}. */
    void read(ByteBuffer dst, long offset) throws IOException {
        check(offset, dst.remaining());
        long at = offset;
        while (dst.hasRemaining()) {
            int file = fileAt(at);
            ByteBuffer part = dst.duplicate();
            part.limit(part.position() + (int) Math.min(dst.remaining(), ends[file] - at));
            FileChannel channel = channel(file);
            long inFile = at - start(file);
            while (part.hasRemaining()) {
                int n = channel.read(part, inFile + (part.position() - dst.position()));
                if (n < 0) {
                    throw new EOFException(paths.get(file) + " ends before byte " + (inFile + part.position() - dst.position())
                            + " of its manifest's " + (ends[file] - start(file)));
                }
            }
            at += part.position() - dst.position();
            dst.position(part.position());
        }
    }

    private void check(long offset, long count) {
        if (offset < 0 || count < 0 || offset + count > length()) {
            throw new IllegalArgumentException("bytes " + offset + ".." + (offset + count) + " are outside the rank's "
                    + length() + " bytes of data");
        }
    }

    /** The file that holds byte {@code offset}: the first whose end lies beyond it (empty files never do). */
    private int fileAt(long offset) {
        int lo = 0;
        int hi = ends.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] > offset) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private long start(int file) {
        return file == 0 ? 0 : ends[file - 1];
    }

    private FileChannel channel(int file) throws IOException {
        FileChannel channel = open.get(file);
        if (channel == null) {
            if (open.size() >= OPEN_CHANNELS) {
                Map.Entry<Integer, FileChannel> eldest = open.entrySet().iterator().next();
                open.remove(eldest.getKey());
                eldest.getValue().close();
            }
            boolean write = written != null;
            OpenOption mode = write ? StandardOpenOption.WRITE : StandardOpenOption.READ;
            channel = FileChannel.open(paths.get(file), mode, LinkOption.NOFOLLOW_LINKS);
            if (!write && channel.size() < ends[file] - start(file)) {
                long size = channel.size();
                channel.close();
                throw new EOFException("file " + paths.get(file) + " holds " + size + " bytes but its manifest says "
                        + (ends[file] - start(file)) + "; it was changed after it was written");
            }
            open.put(file, channel);
        }
        return channel;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (FileChannel c : open.values()) {
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
        open.clear();
        if (first != null) {
            throw first;
        }
    }
}
