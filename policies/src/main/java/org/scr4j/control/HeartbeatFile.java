package org.scr4j.control;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.hadoop.fs.Path;

/**
 * {@code <prefix>/.scr4j/heartbeat}: when the job last made progress (rank 0 passed through the
 * API). The launcher's watchdog reads it to tell a hung step from a slow one. It holds the epoch
 * milliseconds as text; the writer's clock is used, not the file's modification time, which a
 * remote file system may set by its own clock.
 */
public final class HeartbeatFile {
    private final ControlDirectory control;
    private final Path path;

    HeartbeatFile(ControlDirectory control, Path path) {
        this.control = requireNonNull(control, "control is null");
        this.path = requireNonNull(path, "path is null");
    }

    public Path path() {
        return path;
    }

    public void write(Instant time) throws IOException {
        control.replace(path, Long.toString(time.toEpochMilli()).getBytes(StandardCharsets.US_ASCII));
    }

    /** The last beat, or empty when there is none. A damaged file is an error naming it. */
    public Optional<Instant> read() throws IOException {
        Optional<byte[]> bytes = control.read(path);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        String text = new String(bytes.get(), StandardCharsets.US_ASCII).strip();
        try {
            return Optional.of(Instant.ofEpochMilli(Long.parseLong(text)));
        } catch (NumberFormatException e) {
            throw new IOException("the heartbeat file " + path + " holds '" + text + "', not epoch milliseconds; delete it,"
                    + " the job writes it again", e);
        }
    }
}
