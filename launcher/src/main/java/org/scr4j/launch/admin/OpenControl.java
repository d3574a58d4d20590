package org.scr4j.launch.admin;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import org.scr4j.control.ControlDirectory;

/** A control directory a command opened, and closes (its file system instance) when done. */
record OpenControl(ControlDirectory dir) implements Closeable {
    OpenControl {
        requireNonNull(dir, "dir is null");
    }

    @Override
    public void close() throws IOException {
        dir.fileSystem().close();
    }
}
