package org.scr4j.compress;

import java.io.IOException;

/** A stored file that is not in the {@link StoredFormat}: truncated, damaged, or not compressed by scr4j. */
public final class StoredFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public StoredFormatException(String message) {
        super(message);
    }

    public StoredFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
