package org.scr4j.tier.pfs;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;

/** Opens a file system of its own for a URI, without the local file system's checksum layer. */
public final class LocalFileSystems {
    private LocalFileSystems() {
    }

    /**
     * A new instance the caller closes. For file:// it is the raw local file system: scr4j keeps
     * its own CRC32C per file, the .crc side files would double the work and break atomic
     * replaces, and a raw instance made directly stays out of Hadoop's FileSystem cache.
     */
    public static FileSystem raw(URI uri, Configuration conf) throws IOException {
        if ("file".equals(uri.getScheme())) {
            RawLocalFileSystem raw = new RawLocalFileSystem();
            raw.initialize(URI.create("file:///"), conf);
            return raw;
        }
        return FileSystem.newInstance(uri, conf);
    }
}
