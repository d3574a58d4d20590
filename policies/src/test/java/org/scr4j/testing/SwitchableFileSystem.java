package org.scr4j.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system under the scheme {@code switchable://}, which a test takes down by creating
 * the file named by {@code fs.switchable.down.file}: while it exists, every open, create, rename,
 * delete and listing fails as an unreachable parallel file system would, and a stream opened before
 * fails on its next write. A real Hadoop FileSystem, registered as {@code fs.switchable.impl}.
 */
public final class SwitchableFileSystem extends RawLocalFileSystem {
    public static final String SCHEME = "switchable";
    public static final String DOWN_FILE = "fs.switchable.down.file";

    private Path down;

    private static final URI ROOT = URI.create(SCHEME + ":///");

    /** The job settings that put a prefix at {@code dir} on this file system, taken down by {@code downFile}. */
    public static java.util.Map<String, String> settings(Path dir, Path downFile) {
        return java.util.Map.of("SCR_PREFIX", SCHEME + "://" + dir.toAbsolutePath(),
                "fs." + SCHEME + ".impl", SwitchableFileSystem.class.getName(),
                "fs." + SCHEME + ".impl.disable.cache", "true",
                DOWN_FILE, downFile.toAbsolutePath().toString());
    }

    @Override
    public void initialize(URI name, Configuration conf) throws IOException {
        super.initialize(name, conf);
        String file = conf.get(DOWN_FILE);
        if (file == null) {
            throw new IOException(DOWN_FILE + " is not set: name the file whose existence takes this file system down");
        }
        down = Path.of(file);
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public URI getUri() {
        return ROOT;
    }

    private void check(org.apache.hadoop.fs.Path p) throws IOException {
        if (Files.exists(down)) {
            throw new IOException("the parallel file system is unavailable (" + down + " exists): cannot reach " + p);
        }
    }

    @Override
    public FSDataInputStream open(org.apache.hadoop.fs.Path f, int bufferSize) throws IOException {
        check(f);
        return super.open(f, bufferSize);
    }

    @Override
    public FSDataOutputStream create(org.apache.hadoop.fs.Path f, FsPermission permission, boolean overwrite, int bufferSize,
            short replication, long blockSize, Progressable progress) throws IOException {
        check(f);
        FSDataOutputStream inner = super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
        return new FSDataOutputStream(new java.io.FilterOutputStream(inner) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                check(f);
                inner.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                check(f);
                inner.flush();
            }
        }, null) {
            @Override
            public void hsync() throws IOException {
                check(f);
                inner.hsync();
            }

            @Override
            public void hflush() throws IOException {
                check(f);
                inner.hflush();
            }
        };
    }

    @Override
    public FSDataOutputStream append(org.apache.hadoop.fs.Path f, int bufferSize, Progressable progress) throws IOException {
        check(f);
        return super.append(f, bufferSize, progress);
    }

    @Override
    public boolean rename(org.apache.hadoop.fs.Path src, org.apache.hadoop.fs.Path dst) throws IOException {
        check(dst);
        return super.rename(src, dst);
    }

    @Override
    public boolean delete(org.apache.hadoop.fs.Path f, boolean recursive) throws IOException {
        check(f);
        return super.delete(f, recursive);
    }

    @Override
    public boolean mkdirs(org.apache.hadoop.fs.Path f, FsPermission permission) throws IOException {
        check(f);
        return super.mkdirs(f, permission);
    }

    @Override
    public FileStatus[] listStatus(org.apache.hadoop.fs.Path f) throws IOException {
        check(f);
        return super.listStatus(f);
    }
}
