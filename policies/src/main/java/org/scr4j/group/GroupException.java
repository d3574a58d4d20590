package org.scr4j.group;

/** A collective operation could not finish: another rank failed or the group was closed. */
public final class GroupException extends RuntimeException {
    public GroupException(String message, Throwable cause) {
        super(message, cause);
    }
}
