package org.scr4j.launch.admin;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.scr4j.conf.ScrConfig;
import org.scr4j.control.ControlDirectory;

/**
 * A job's prefix as a command found it ({@code source} says how, for messages), and its control
 * directory. Reading commands never create one: a mistyped prefix must be an error, not an empty
 * index.
 */
record JobPrefix(URI uri, String source, ScrConfig config) {
    private static final String FIX = "give the job's prefix with --prefix DIR, or set SCR_PREFIX in the environment"
            + " or in the job file named by --conf";

    JobPrefix {
        requireNonNull(uri, "uri is null");
        requireNonNull(source, "source is null");
        requireNonNull(config, "config is null");
    }

    /** The control directory of a prefix a job has used; an error naming the prefix and the fix otherwise. */
    OpenControl openExisting() throws IOException {
        return openIfUsed().orElseThrow(() -> problem("has no " + ControlDirectory.NAME + " directory, so no scr4j job has used it"));
    }

    /**
     * The control directory, created if the prefix exists but has none yet: a halt may be set before
     * the job first runs.
     */
    OpenControl openCreating() throws IOException {
        requirePrefix();
        return new OpenControl(ControlDirectory.open(uri, config.hadoopConfiguration()));
    }

    /** The control directory if a job has used the prefix; empty if not. The prefix itself must exist. */
    Optional<OpenControl> openIfUsed() throws IOException {
        requirePrefix();
        try (FileSystem fs = FileSystem.newInstance(uri, config.hadoopConfiguration())) {
            if (!fs.exists(new Path(new Path(uri), ControlDirectory.NAME))) {
                return Optional.empty();
            }
        }
        return Optional.of(new OpenControl(ControlDirectory.open(uri, config.hadoopConfiguration())));
    }

    private void requirePrefix() throws IOException {
        try (FileSystem fs = FileSystem.newInstance(uri, config.hadoopConfiguration())) {
            Path dir = new Path(uri);
            if (!fs.exists(dir) || !fs.getFileStatus(dir).isDirectory()) {
                throw problem("does not exist");
            }
        }
    }

    private IllegalArgumentException problem(String what) {
        return new IllegalArgumentException("the prefix " + uri + " (" + source + ") " + what + "; " + FIX);
    }
}
