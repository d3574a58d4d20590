package org.scr4j.control;

import java.io.IOException;
import java.nio.file.Files;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;

/** The local file system as the control directory sees it, and small helpers shared by the tests. */
final class Local {
    private Local() {
    }

    static RawLocalFileSystem fs() {
        RawLocalFileSystem fs = new RawLocalFileSystem();
        try {
            fs.initialize(URI.create("file:///"), new Configuration());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fs;
    }

    static org.apache.hadoop.fs.Path hadoop(Path p) {
        return new org.apache.hadoop.fs.Path("file", null, p.toAbsolutePath().toString());
    }

    static ControlDirectory control(Path prefix) throws IOException {
        return new ControlDirectory(fs(), hadoop(prefix));
    }

    /** What ControlLock writes as the owner of locks taken by this process. */
    static String owner() throws IOException {
        return Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip() + ":" + ProcessHandle.current().pid();
    }

    static IndexEntry checkpoint(long id, boolean flushed) {
        return new IndexEntry(id, "ckpt." + id, id, true, false, 4, true,
                flushed ? Optional.of(Instant.parse("2026-01-0" + (1 + id % 9) + "T10:00:00Z")) : Optional.empty(),
                Optional.empty());
    }

    static IndexEntry output(long id) {
        return new IndexEntry(id, "out." + id, 0, false, true, 4, true, Optional.of(Instant.parse("2026-01-01T11:00:00Z")),
                Optional.empty());
    }
}
