package org.scr4j.tier.pfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Moves a finished file over its final name in one step, so a reader sees the old file or the
 * new one, never neither. FileSystem.rename refuses to replace on HDFS and deleting first would
 * open a window with no file at all.
 */
public final class AtomicRename {
    private AtomicRename() {
    }

    public static void replace(FileSystem fs, Path source, Path target) throws IOException {
        if (fs instanceof RawLocalFileSystem raw) {
            // rename(2) replaces a file atomically and refuses a directory; Hadoop's local rename
            // would instead move the file into a directory of that name.
            Files.move(raw.pathToFile(source).toPath(), raw.pathToFile(target).toPath(), StandardCopyOption.ATOMIC_MOVE);
        } else {
            // HDFS implements the OVERWRITE option as one atomic namenode operation.
            FileUtil.rename(fs, source, target, Options.Rename.OVERWRITE);
        }
    }
}
