package org.scr4j.launch.run;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.scr4j.control.ControlDirectory;
import org.scr4j.control.ControlLock;

/**
 * {@code <prefix>/.scr4j/down-nodes.json}: the nodes this job found down, with why. A node once
 * down stays down for the rest of the allocation (as in SCR): a node that failed once is likely to
 * fail again, and its cache is gone anyway. The launcher, {@code scr4j kill-node} and
 * {@code scr4j list-down-nodes} share it, under a lock.
 */
public final class DownNodes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ControlDirectory control;
    private final Path path;

    public DownNodes(ControlDirectory control) {
        this.control = requireNonNull(control, "control is null");
        this.path = new Path(control.path(), "down-nodes.json");
    }

    /** Node name to reason, sorted by name. */
    public Map<String, String> read() throws IOException {
        Optional<byte[]> bytes = control.read(path);
        if (bytes.isEmpty()) {
            return new TreeMap<>();
        }
        try {
            return new TreeMap<>(JSON.readValue(bytes.get(), new TypeReference<Map<String, String>>() { }));
        } catch (IOException e) {
            throw new IOException(path + " is damaged (" + e.getMessage() + "); delete it to forget the down nodes", e);
        }
    }

    /**
     * Every node not to use: the resource manager's view (the backend's), ours, and the
     * {@code excluded} nodes (SCR_EXCLUDE_NODES), each with why.
     */
    public Map<String, String> all(Backend backend, List<String> excluded) throws IOException {
        Map<String, String> down = read();
        down.putAll(backend.downNodes());
        excluded.forEach(n -> down.putIfAbsent(n, "excluded (SCR_EXCLUDE_NODES)"));
        return down;
    }

    /** Records nodes as down; a node already down keeps its first reason. */
    public void add(Map<String, String> down) throws IOException {
        if (down.isEmpty()) {
            return;
        }
        try (ControlLock lock = control.lock("down-nodes")) {
            Map<String, String> all = read();
            down.forEach(all::putIfAbsent);
            control.replace(path, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(all));
        }
    }

    /** Forgets every down node: a new allocation starts with all its nodes. */
    public void clear() throws IOException {
        try (ControlLock lock = control.lock("down-nodes")) {
            control.fileSystem().delete(path, false);
        }
    }
}
