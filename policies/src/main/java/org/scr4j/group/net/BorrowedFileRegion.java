package org.scr4j.group.net;

import io.netty.channel.DefaultFileRegion;
import java.nio.channels.FileChannel;

/**
 * A region of a file the caller owns. It stays a {@link DefaultFileRegion}, because that is what
 * the epoll transport sends with sendfile(2), but releasing it does not close the caller's
 * channel.
 */
final class BorrowedFileRegion extends DefaultFileRegion {
    BorrowedFileRegion(FileChannel file, long position, long count) {
        super(file, position, count);
    }

    @Override
    protected void deallocate() {
        // The caller closes its channel; sendFile returns only after the last region was written.
    }
}
