package org.scr4j.plugin.throttled;

import static java.util.Objects.requireNonNull;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a file at the tier's bandwidth; skipping moves no bytes and is not paced. */
final class PacedInputStream extends FilterInputStream {
    private final Pacer pacer;

    PacedInputStream(InputStream in, Pacer pacer) {
        super(requireNonNull(in, "in is null"));
        this.pacer = requireNonNull(pacer, "pacer is null");
    }

    @Override
    public int read() throws IOException {
        long started = pacer.now();
        int b = in.read();
        if (b >= 0) {
            pacer.pace(started, 1);
        }
        return b;
    }

    // FilterInputStream's read(byte[]), and InputStream's readAllBytes and transferTo, all land here.
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        long started = pacer.now();
        int n = in.read(b, off, len);
        if (n > 0) {
            pacer.pace(started, n);
        }
        return n;
    }
}
