package org.scr4j.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.CRC32C;
import org.scr4j.dataset.FileEntry;
import org.scr4j.erasure.Crc32c;

/** Reads or copies a file while checking it against its manifest entry. */
final class Verifier {
    private Verifier() {
    }

    /** Null when the stream has the entry's size and CRC32C, else what differs. */
    static String check(InputStream in, FileEntry entry, int bufferSize) throws IOException {
        return copy(in, OutputStream.nullOutputStream(), entry, bufferSize);
    }

    /** Copies {@code in} to {@code out}, then compares what passed with the entry; null when it matches. */
    static String copy(InputStream in, OutputStream out, FileEntry entry, int bufferSize) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buffer = new byte[bufferSize];
        long size = 0;
        for (int n; (n = in.read(buffer)) > 0; size += n) {
            crc.update(buffer, 0, n);
            out.write(buffer, 0, n);
        }
        if (size != entry.size()) {
            return "size " + size + " bytes, but the manifest records " + entry.size();
        }
        if (crc.getValue() != entry.crc32c()) {
            return "CRC32C mismatch: the manifest records " + entry.crcHex() + ", the file has " + Crc32c.hex(crc.getValue());
        }
        return null;
    }
}
