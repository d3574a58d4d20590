package org.scr4j;

/**
 * A checkpoint/restart operation failed in a way the application cannot fix by retrying the
 * call: storage that cannot be written or read, a damaged index, a broken group. The message says
 * what failed and how to fix it; the same exception is thrown on every rank of a collective call.
 */
public final class ScrException extends RuntimeException {
    public ScrException(String message) {
        super(message);
    }

    public ScrException(String message, Throwable cause) {
        super(message, cause);
    }
}
