package org.scr4j.tier.pfs;

import java.io.Closeable;

/**
 * Closing a Hadoop output stream after one of its writes failed. HDFS's stream keeps the failure
 * of its data pipeline and throws that same exception object again from every later call,
 * close() included; try-with-resources would then call failure.addSuppressed(failure), which
 * throws "Self-suppression not permitted" in place of the real error (a lost data node, a full
 * disk). So a failed stream is closed here, and an exception other than the failure is kept
 * as suppressed.
 */
public final class FailedStreams {
    private FailedStreams() {
    }

    /** Closes {@code stream}, which threw {@code failure}; the failure stays the exception to throw. */
    public static void close(Closeable stream, Throwable failure) {
        try {
            stream.close();
        } catch (Throwable t) {
            if (t != failure) {
                failure.addSuppressed(t);
            }
        }
    }
}
