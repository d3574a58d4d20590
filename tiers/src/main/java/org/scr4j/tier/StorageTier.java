package org.scr4j.tier;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A kind of storage that holds dataset directories. To a tier a dataset is only a named directory
 * of files named by relative paths; it knows nothing of ranks, schemes or manifests.
 *
 * <p>Dataset names and file paths are checked by {@link RelativePaths}: absolute paths, "..", and
 * anything that would leave the dataset's directory are refused.
 */
public interface StorageTier extends AutoCloseable {
    String name();

    String type();

    Durability durability();

    /** The tier's own directory, with ${user}, ${job} and ${node} expanded. */
    URI location();

    OptionalLong capacity();

    /** Creates the dataset's directory (and its parents, 0700); an existing one is kept. */
    void createDataset(String dataset) throws IOException;

    /** The datasets present, sorted by name. */
    List<String> listDatasets() throws IOException;

    /** Every file of a dataset as a relative path with '/' separators, sorted; temporary files are not listed. */
    List<String> listFiles(String dataset) throws IOException;

    /** Deletes a dataset and everything in it; a missing one is not an error. */
    void deleteDataset(String dataset) throws IOException;

    /** Starts writing a file; nothing is visible under its name until {@link TierWriter#commit()}. */
    TierWriter create(String dataset, String file) throws IOException;

    InputStream open(String dataset, String file) throws IOException;

    long length(String dataset, String file) throws IOException;

    /**
     * Where the file lives on a local file system, for tiers an application can write to directly.
     * The path is only computed; scr4j opens an existing file there with
     * {@link java.nio.file.LinkOption#NOFOLLOW_LINKS}, and the other calls refuse a planted link.
     */
    Optional<Path> localPath(String dataset, String file);

    /** Makes a file written directly (through {@link #localPath}) and its directory durable. */
    void sync(String dataset, String file) throws IOException;

    TierUsage usage() throws IOException;

    /** Sets space aside or throws {@link TierFullException} naming what is left. */
    Reservation reserve(long bytes) throws IOException;

    /** Checks that the directory exists, is writable and has room; never throws. */
    TierHealth checkHealth();

    @Override
    default void close() throws IOException {
    }
}
