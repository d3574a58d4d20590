package org.scr4j;

/** Told, during {@link Scr#drain(DrainProgress)}, how far this rank's copy to the prefix has come. */
@FunctionalInterface
public interface DrainProgress {
    /** {@code done} of this rank's {@code total} bytes are on the prefix and checked. */
    void copied(long done, long total);
}
