package org.scr4j.dataset;

import static java.util.Objects.requireNonNull;

import org.scr4j.erasure.Crc32c;

/** One file of a rank's part of a dataset: its path relative to the dataset, size and CRC32C. */
public record FileEntry(String path, long size, long crc32c) {
    public FileEntry {
        requireNonNull(path, "path is null");
        if (size < 0) {
            throw new IllegalArgumentException("file '" + path + "': negative size " + size);
        }
    }

    public String crcHex() {
        return Crc32c.hex(crc32c);
    }
}
