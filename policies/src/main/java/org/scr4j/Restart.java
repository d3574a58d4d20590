package org.scr4j;

import java.nio.file.Path;

/**
 * One rank's view of the checkpoint being restarted from, from {@link Scr#startRestart} to
 * {@link #complete}. Closing it without {@code complete} counts as {@code complete(false)}.
 */
public interface Restart extends AutoCloseable {
    /** Where the file this rank wrote as {@code relativePath} can be read; its CRC32C has been checked. */
    Path route(String relativePath);

    /**
     * Collective: true on every rank only if every rank read its files successfully; false marks
     * the checkpoint FAILED, so the next {@link Scr#haveRestart()} offers the next older one.
     */
    boolean complete(boolean valid);

    @Override
    void close();
}
