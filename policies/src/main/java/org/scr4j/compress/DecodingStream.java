package org.scr4j.compress;

import static java.util.Objects.requireNonNull;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32C;
import org.scr4j.erasure.Crc32c;

/**
 * The original bytes of a file in the {@link StoredFormat}. Anything malformed (a wrong header, a
 * length out of range, a block zstd cannot decode or that decodes to another length, a file cut
 * short or with bytes after its end mark) throws {@link StoredFormatException} saying which block
 * and where; the content itself is checked by the caller against the file's CRC32C. Closing it
 * closes the stored stream.
 */
public final class DecodingStream extends InputStream {
    private final InputStream in;
    private final int shuffle;
    private final int blockSize;
    private final ZstdDecompressCtx zstd = new ZstdDecompressCtx();
    private final byte[] header = new byte[StoredFormat.BLOCK_HEADER];
    private final CRC32C crc = new CRC32C();
    private final byte[] plain;
    private final byte[] work;
    private byte[] packed = new byte[0];
    private int pos;
    private int limit;
    private long offset;
    private long total;
    private int blocks;
    private boolean ended;
    private StoredFormatException failure;
    private boolean closed;

    /** Reads and checks the file header. */
    public DecodingStream(InputStream stored) throws IOException {
        this.in = requireNonNull(stored, "stored is null");
        byte[] h = new byte[StoredFormat.FILE_HEADER];
        int n = in.readNBytes(h, 0, h.length);
        offset = n;
        if (n < 3 || !Arrays.equals(h, 0, 3, StoredFormat.MAGIC, 0, 3)) {
            close();
            throw new StoredFormatException("not a file compressed by scr4j (its first bytes are not 'SCZ')");
        }
        if (n < h.length) {
            close();
            throw new StoredFormatException("the compressed file is cut short: it ends inside its header, at byte " + n);
        }
        if (h[3] != StoredFormat.MAGIC[3] || h[4] != StoredFormat.CODEC_ZSTD || h[7] != 0) {
            close();
            throw new StoredFormatException("compressed in format " + h[3] + " with codec " + h[4] + " and flags " + h[7]
                    + ", which this scr4j does not read (a newer scr4j may have written it)");
        }
        shuffle = h[5];
        int blockLog = h[6];
        if ((shuffle != 0 && !Compression.SHUFFLE_WIDTHS.contains(shuffle)) || blockLog < StoredFormat.MIN_BLOCK_LOG
                || blockLog > StoredFormat.MAX_BLOCK_LOG) {
            close();
            throw new StoredFormatException("damaged file header (shuffle width " + shuffle + ", block size 2^" + blockLog + ")");
        }
        blockSize = 1 << blockLog;
        plain = new byte[blockSize];
        work = shuffle == 0 ? plain : new byte[blockSize];
    }

    @Override
    public int read() throws IOException {
        if (pos == limit && !next()) {
            return -1;
        }
        return plain[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (pos == limit && !next()) {
            return -1;
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(plain, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Decodes the next block into {@link #plain}; false at the end mark. After a failure, every read fails. */
    private boolean next() throws IOException {
        if (closed) {
            throw new IOException("the stream is closed");
        }
        if (failure != null) {
            throw new StoredFormatException(failure.getMessage(), failure);
        }
        if (ended) {
            return false;
        }
        try {
            return decodeNext();
        } catch (StoredFormatException e) {
            failure = e;
            throw e;
        }
    }

    private boolean decodeNext() throws IOException {
        long at = offset;
        fill(header, 0, 1, "the kind of block " + blocks);
        if (header[0] == StoredFormat.END) {
            fill(header, 1, StoredFormat.END_MARK, "the end mark");
            long recorded = StoredFormat.getLong(header, 1);
            if (recorded != total) {
                throw damaged(at, "the end mark records " + recorded + " original bytes, the blocks hold " + total);
            }
            if (in.read() >= 0) {
                throw damaged(offset, "there are bytes after the end mark");
            }
            ended = true;
            return false;
        }
        fill(header, 1, StoredFormat.BLOCK_HEADER, "the header of block " + blocks);
        int original = StoredFormat.getInt(header, 1);
        int stored = StoredFormat.getInt(header, 5);
        if (original < 1 || original > blockSize) {
            throw damaged(at, "block " + blocks + " claims " + original + " original bytes (blocks hold 1.." + blockSize + ")");
        }
        if (header[0] == StoredFormat.RAW) {
            if (stored != original) {
                throw damaged(at, "raw block " + blocks + " claims " + stored + " stored bytes for " + original + " original");
            }
            fill(plain, 0, original, "raw block " + blocks);
        } else if (header[0] == StoredFormat.ZSTD) {
            decompress(at, original, stored);
        } else {
            throw damaged(at, "block " + blocks + " is of unknown kind " + header[0]);
        }
        crc.reset();
        crc.update(plain, 0, original);
        int recorded = StoredFormat.getInt(header, 9);
        if ((int) crc.getValue() != recorded) {
            throw damaged(at, "block " + blocks + " (original bytes " + total + ".." + (total + original - 1)
                    + ") fails its CRC32C: recorded " + Crc32c.hex(recorded & 0xffffffffL) + ", decoded "
                    + Crc32c.hex(crc.getValue()));
        }
        total += original;
        blocks++;
        pos = 0;
        limit = original;
        return true;
    }

    private void decompress(long at, int original, int stored) throws IOException {
        if (stored < 1 || stored > Zstd.compressBound(blockSize)) {
            throw damaged(at, "zstd block " + blocks + " claims " + stored + " stored bytes");
        }
        if (packed.length < stored) {
            packed = new byte[(int) Zstd.compressBound(blockSize)];
        }
        fill(packed, 0, stored, "zstd block " + blocks);
        int n;
        try {
            n = zstd.decompressByteArray(work, 0, original, packed, 0, stored);
        } catch (ZstdException e) {
            throw damaged(at, "zstd cannot decode block " + blocks + " (" + e.getMessage() + ")");
        }
        if (n != original) {
            throw damaged(at, "zstd block " + blocks + " decodes to " + n + " bytes, its header says " + original);
        }
        if (shuffle != 0) {
            Shuffle.unshuffle(work, 0, plain, 0, original, shuffle);
        }
    }

    /** Reads {@code buffer[from..to)} whole, or says where the file was cut short. */
    private void fill(byte[] buffer, int from, int to, String what) throws IOException {
        int n = in.readNBytes(buffer, from, to - from);
        offset += n;
        if (n < to - from) {
            throw new StoredFormatException("the compressed file is cut short: it ends " + (buffer == header && from == 0
                    ? "after " + total + " original bytes without its end mark, at byte " + offset
                    : "inside " + what + " at byte " + offset + ", after " + total + " original bytes"));
        }
    }

    private StoredFormatException damaged(long at, String why) {
        return new StoredFormatException("the compressed file is damaged at byte " + at + ": " + why);
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            zstd.close();
            in.close();
        }
    }
}
