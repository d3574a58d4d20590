package org.scr4j.dataset;

import static java.util.Objects.requireNonNull;

import org.scr4j.compress.Compression;
import org.scr4j.erasure.Crc32c;

/**
 * One file of a rank's part of a dataset: its path relative to the dataset, size and CRC32C, both
 * of the application's bytes. In a prefix manifest it also says how the prefix holds the file:
 * {@code stored} is the compression it was written with and {@code storedSize} its size there;
 * in the cache every file is stored as it is ({@link Compression#NONE}, {@code storedSize == size}).
 */
public record FileEntry(String path, long size, long crc32c, Compression stored, long storedSize) {
    public FileEntry {
        requireNonNull(path, "path is null");
        requireNonNull(stored, "stored is null");
        if (size < 0) {
            throw new IllegalArgumentException("file '" + path + "': negative size " + size);
        }
        if (stored.enabled() ? storedSize < 0 : storedSize != size) {
            throw new IllegalArgumentException("file '" + path + "': stored size " + storedSize + " for " + size
                    + " bytes stored " + stored);
        }
    }

    /** A file stored as it is. */
    public FileEntry(String path, long size, long crc32c) {
        this(path, size, crc32c, Compression.NONE, size);
    }

    /** This file as stored with {@code compression} in {@code storedSize} bytes. */
    public FileEntry storedAs(Compression compression, long storedSize) {
        return new FileEntry(path, size, crc32c, compression, storedSize);
    }

    /** This file as it is, without how the prefix stores it (what a fetch writes to the cache). */
    public FileEntry plain() {
        return stored.enabled() ? new FileEntry(path, size, crc32c) : this;
    }

    public String crcHex() {
        return Crc32c.hex(crc32c);
    }
}
