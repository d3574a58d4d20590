package org.scr4j.control;

import java.io.IOException;

/**
 * A control file (the index, the halt file) that scr4j cannot read: damaged, truncated, or written
 * by a newer scr4j. A distinct type so that callers can tell "the file is bad, a person must act"
 * from an I/O failure worth retrying; the message names the file and the fix.
 */
public final class IndexFormatException extends IOException {
    public IndexFormatException(String message) {
        super(message);
    }

    public IndexFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
