package org.scr4j.tier.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/** How a local tier writes a new file and forces it to stable storage. */
interface LocalWrites {
    /** An output stream over a new file whose {@code close()} does not force; {@link Durable#force()} does. */
    Durable open(Path file) throws IOException;

    /** What a writer must do once the bytes are in. */
    abstract class Durable extends OutputStream {
        abstract void force() throws IOException;
    }
}
