package org.scr4j.compress;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * One file's original bytes in, its {@link StoredFormat} out, a block at a time. A block that zstd
 * does not shrink is stored raw. Data that does not compress is found at its first block: a block
 * that saves less than 1/{@link #PAYS} of its size sends the next blocks raw without trying, and
 * only one block in {@link #PROBE_EVERY} is tried again (a file may turn compressible later), so
 * incompressible data costs one compression in that many blocks instead of one per block.
 */
public final class EncodingStream extends OutputStream {
    /** A block must save at least 1/32 of its size for the next one to be tried. */
    static final int PAYS = 32;
    /** After a block that did not pay, one block in this many is tried. */
    static final int PROBE_EVERY = 32;

    private final Encoder encoder;
    private final OutputStream target;
    private final byte[] block;
    private final byte[] header = new byte[StoredFormat.BLOCK_HEADER];
    private final CRC32C crc = new CRC32C();
    private int filled;
    private int skip;
    private long original;
    private long stored = StoredFormat.FILE_HEADER;
    private int blocks;
    private int attempts;
    private int compressed;
    private boolean finished;

    EncodingStream(Encoder encoder, OutputStream target) {
        this.encoder = encoder;
        this.target = target;
        this.block = encoder.block;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (finished) {
            throw new IOException("the file is finished; open the next one");
        }
        Objects.checkFromIndexSize(off, len, b.length);
        while (len > 0) {
            int n = Math.min(len, block.length - filled);
            System.arraycopy(b, off, block, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == block.length) {
                emit();
            }
        }
    }

    private void emit() throws IOException {
        if (filled == 0) {
            return;
        }
        crc.reset();
        crc.update(block, 0, filled);
        int sum = (int) crc.getValue();
        int size = -1;
        if (skip == 0) {
            attempts++;
            size = encoder.compress(filled);
            skip = size <= filled - filled / PAYS ? 0 : PROBE_EVERY - 1;
        } else {
            skip--;
        }
        if (size >= 0 && size < filled) {
            StoredFormat.blockHeader(header, StoredFormat.ZSTD, filled, size, sum);
            target.write(header);
            target.write(encoder.packed(), 0, size);
            stored += StoredFormat.BLOCK_HEADER + size;
            compressed++;
        } else {
            StoredFormat.blockHeader(header, StoredFormat.RAW, filled, filled, sum);
            target.write(header);
            target.write(block, 0, filled);
            stored += StoredFormat.BLOCK_HEADER + filled;
        }
        original += filled;
        blocks++;
        filled = 0;
    }

    /** Writes the last block and the end mark; returns the stored size of the file. Idempotent. */
    public long finish() throws IOException {
        if (!finished) {
            emit();
            StoredFormat.endMark(header, original);
            target.write(header, 0, StoredFormat.END_MARK);
            stored += StoredFormat.END_MARK;
            finished = true;
        }
        return stored;
    }

    boolean finished() {
        return finished;
    }

    /** Finishes the file; the target is left open for its owner to commit. */
    @Override
    public void close() throws IOException {
        finish();
    }

    /** Original bytes taken so far. */
    public long original() {
        return original + filled;
    }

    /** Bytes written to the target so far. */
    public long stored() {
        return stored;
    }

    /** Blocks written so far. */
    public int blocks() {
        return blocks;
    }

    /** Blocks zstd was asked to compress: all of them for compressible data, few for data that is not. */
    public int attempts() {
        return attempts;
    }

    /** Blocks stored compressed. */
    public int compressed() {
        return compressed;
    }
}
