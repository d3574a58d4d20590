package org.scr4j;

import java.nio.file.Path;

/**
 * One rank's part of a dataset being written, from {@link Scr#startOutput} to {@link #complete}.
 * Closing it without {@code complete} counts as {@code complete(false)}; closing after it does nothing.
 */
public interface Output extends AutoCloseable {
    /**
     * Where to write the file the application calls {@code relativePath} (sub-directories are kept and
     * created). Absolute paths, ".." and anything outside the dataset are refused.
     */
    Path route(String relativePath);

    /**
     * Collective: this rank says whether its files are good; returns true on every rank only if
     * every rank passed true and the dataset was committed.
     */
    boolean complete(boolean valid);

    @Override
    void close();
}
