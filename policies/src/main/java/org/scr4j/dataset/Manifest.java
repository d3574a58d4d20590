package org.scr4j.dataset;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One rank's record of its part of a dataset: every file with its size and CRC32C, the scheme and
 * tier, and when it was written. Written last and atomically: a dataset without its manifest does
 * not exist.
 */
public record Manifest(DatasetInfo dataset, int rank, List<FileEntry> files, Instant started, Instant completed) {
    /**
     * The newest format written and read. Format 2 records how the prefix stores each compressed
     * file; a manifest without one is written as format 1, which older versions still read, while
     * they refuse a format 2 manifest rather than fetch compressed bytes as the original ones.
     */
    public static final int FORMAT = 2;

    public Manifest {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(started, "started is null");
        requireNonNull(completed, "completed is null");
        files = List.copyOf(requireNonNull(files, "files is null"));
        if (rank < 0 || rank >= dataset.ranks()) {
            throw new IllegalArgumentException("rank " + rank + " is outside the dataset's " + dataset.ranks() + " ranks");
        }
    }

    public long bytes() {
        return files.stream().mapToLong(FileEntry::size).sum();
    }

    public Optional<FileEntry> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }
}
