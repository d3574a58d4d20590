package org.scr4j.launch.run;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.scr4j.control.ControlDirectory;

/**
 * {@code <prefix>/.scr4j/launcher.json}: what a later {@code scr4j drain}, {@code inspect},
 * {@code rebuild} or {@code kill-node} needs to find the job's caches after the launcher is gone:
 * the backend, the job id (part of every cache path), the nodes, which node holds which ranks.
 *
 * @param slots the node of each slot; slot s holds ranks s*ranksPerNode .. (s+1)*ranksPerNode-1
 * @param conf  the job file (SCR_CONF_FILE) the ranks read, or null
 */
public record LauncherState(String backend, String jobId, String user, List<String> nodes, List<String> slots,
        int ranksPerNode, String prefix, String conf, String secretFile, long endTime) {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FILE = "launcher.json";

    public LauncherState {
        requireNonNull(backend, "backend is null");
        requireNonNull(jobId, "jobId is null");
        requireNonNull(user, "user is null");
        nodes = List.copyOf(requireNonNull(nodes, "nodes is null"));
        slots = List.copyOf(requireNonNull(slots, "slots is null"));
        requireNonNull(prefix, "prefix is null");
        requireNonNull(secretFile, "secretFile is null");
    }

    public int ranks() {
        return slots.size() * ranksPerNode;
    }

    public LauncherState withSlots(List<String> newSlots) {
        return new LauncherState(backend, jobId, user, nodes, newSlots, ranksPerNode, prefix, conf, secretFile, endTime);
    }

    public void write(ControlDirectory control) throws IOException {
        control.replace(path(control), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    }

    public static Optional<LauncherState> read(ControlDirectory control) throws IOException {
        Optional<byte[]> bytes = control.read(path(control));
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(bytes.get(), LauncherState.class));
        } catch (IOException e) {
            throw new IOException(path(control) + " is damaged (" + e.getMessage() + "); scr4j run writes it again", e);
        }
    }

    /** The state, or an error saying that no job has run with this prefix. */
    public static LauncherState require(ControlDirectory control) throws IOException {
        return read(control).orElseThrow(() -> new IllegalArgumentException("no job has run with the prefix "
                + control.prefix() + " (" + path(control) + " is missing). Fix: pass the job's --conf, or set SCR_PREFIX to"
                + " the prefix the job used"));
    }

    private static Path path(ControlDirectory control) {
        return new Path(control.path(), FILE);
    }
}
