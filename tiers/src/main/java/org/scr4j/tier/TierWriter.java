package org.scr4j.tier;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A file being written to a tier. Bytes go to a temporary name; {@link #commit()} makes them
 * durable and moves them to the final name atomically, so a reader never sees half a file.
 * Closing without commit discards the temporary file.
 */
public abstract class TierWriter extends OutputStream {
    /** Forces the bytes to stable storage, then renames the file into place. */
    public abstract void commit() throws IOException;
}
