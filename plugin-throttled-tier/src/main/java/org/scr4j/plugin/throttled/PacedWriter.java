package org.scr4j.plugin.throttled;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import org.scr4j.tier.TierWriter;

/** Writes through another tier's writer at the tier's bandwidth; commit and discard are the inner writer's. */
final class PacedWriter extends TierWriter {
    private final TierWriter inner;
    private final Pacer pacer;

    PacedWriter(TierWriter inner, Pacer pacer) {
        this.inner = requireNonNull(inner, "inner is null");
        this.pacer = requireNonNull(pacer, "pacer is null");
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        long started = pacer.now();
        inner.write(b, off, len);
        pacer.pace(started, len);
    }

    @Override
    public void commit() throws IOException {
        inner.commit();
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
