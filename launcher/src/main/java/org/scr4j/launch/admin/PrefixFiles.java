package org.scr4j.launch.admin;

import static java.util.Objects.requireNonNull;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.scr4j.compress.StoredFormatException;
import org.scr4j.dataset.FileEntry;
import org.scr4j.dataset.Manifest;
import org.scr4j.erasure.Crc32c;
import org.scr4j.launch.Progress;
import org.scr4j.tier.RelativePaths;

/**
 * A flushed dataset's files, {@code <prefix>/<name>/<path>}, checked against its manifests: each
 * present with its size, and, when asked, read whole with its CRC32C. Returns every problem, not
 * only the first, so one run tells a person everything that is wrong.
 */
final class PrefixFiles {
    private static final int BLOCK = 1 << 20;

    private final FileSystem fs;
    private final Path prefix;

    PrefixFiles(FileSystem fs, Path prefix) {
        this.fs = requireNonNull(fs, "fs is null");
        this.prefix = requireNonNull(prefix, "prefix is null");
    }

    /** Every file present with the size its manifest gives. */
    List<String> checkSizes(FlushedDataset dataset) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Manifest m : dataset.manifests()) {
            for (FileEntry f : m.files()) {
                Path file = resolve(dataset, m, f, problems);
                if (file == null) {
                    continue;
                }
                try {
                    FileStatus status = fs.getFileStatus(file);
                    // A compressed file's length on the prefix is its stored size, not the original's.
                    if (status.getLen() != f.storedSize()) {
                        problems.add(describe(m, f, file) + " is " + status.getLen() + " bytes, its manifest says "
                                + f.storedSize() + (f.stored().enabled() ? " (stored " + f.stored() + ")" : ""));
                    }
                } catch (FileNotFoundException e) {
                    problems.add(describe(m, f, file) + " is missing");
                }
            }
        }
        return problems;
    }

    /** Reads every file whole: its length and CRC32C must be the manifest's. Reports bytes read to progress. */
    List<String> checkContents(FlushedDataset dataset, Progress progress) throws IOException {
        List<String> problems = new ArrayList<>();
        long done = 0;
        byte[] block = new byte[BLOCK];
        for (Manifest m : dataset.manifests()) {
            for (FileEntry f : m.files()) {
                Path file = resolve(dataset, m, f, problems);
                long read = 0;
                if (file != null) {
                    CRC32C crc = new CRC32C();
                    // Decoded as the manifest says it is stored: the CRC32C is of the original bytes.
                    try (InputStream in = f.stored().decoding(fs.open(file))) {
                        for (int n; (n = in.read(block)) > 0; ) {
                            crc.update(block, 0, n);
                            read += n;
                            progress.update(done + Math.min(read, f.size()));
                        }
                        if (read != f.size()) {
                            problems.add(describe(m, f, file) + " is " + read + " bytes, its manifest says " + f.size());
                        } else if (crc.getValue() != f.crc32c()) {
                            problems.add(describe(m, f, file) + " has CRC32C " + Crc32c.hex(crc.getValue())
                                    + ", its manifest says " + f.crcHex());
                        }
                    } catch (FileNotFoundException e) {
                        problems.add(describe(m, f, file) + " is missing");
                    } catch (StoredFormatException e) {
                        problems.add(describe(m, f, file) + " (stored " + f.stored() + ") is damaged: " + e.getMessage());
                    }
                }
                done += f.size();
                progress.update(done);
            }
        }
        return problems;
    }

    /** The file's place on the prefix; null, with a problem noted, for a name that would leave the dataset. */
    private Path resolve(FlushedDataset dataset, Manifest m, FileEntry f, List<String> problems) {
        try {
            return new Path(new Path(prefix, RelativePaths.checkDataset(dataset.info().name())), RelativePaths.checkFile(f.path()));
        } catch (IllegalArgumentException e) {
            problems.add("rank " + m.rank() + "'s manifest names the file '" + f.path() + "', which scr4j never writes: "
                    + e.getMessage());
            return null;
        }
    }

    private static String describe(Manifest m, FileEntry f, Path file) {
        return "file '" + f.path() + "' of rank " + m.rank() + " (" + file + ")";
    }
}
