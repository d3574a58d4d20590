package org.scr4j.scheme;

import java.io.IOException;

/** Thrown the same on every rank when more of a dataset is lost than its scheme can rebuild. */
public final class NotRecoverableException extends IOException {
    public NotRecoverableException(String message) {
        super(message);
    }
}
