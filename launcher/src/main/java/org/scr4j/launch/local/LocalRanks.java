package org.scr4j.launch.local;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.scr4j.control.ControlDirectory;

/**
 * {@code <prefix>/.scr4j/local-ranks.json}: the rank processes of the running step on each
 * simulated node, with their start times, so that {@code scr4j kill-node} (another process) ends
 * exactly the processes the launcher started there, and no process that reused a pid.
 */
final class LocalRanks {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A process as the launcher started it. */
    record Started(long pid, long startMillis) {
        static Started of(ProcessHandle p) {
            return new Started(p.pid(), p.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L));
        }

        /** The live process, if it is still the one the launcher started. */
        Optional<ProcessHandle> handle() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> startMillis == 0
                    || h.info().startInstant().map(i -> i.toEpochMilli() == startMillis).orElse(false));
        }
    }

    private final ControlDirectory control;
    private final Path path;

    LocalRanks(ControlDirectory control) {
        this.control = requireNonNull(control, "control is null");
        this.path = new Path(control.path(), "local-ranks.json");
    }

    void write(Map<String, List<Started>> byNode) throws IOException {
        control.replace(path, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(byNode));
    }

    Map<String, List<Started>> read() throws IOException {
        Optional<byte[]> bytes = control.read(path);
        if (bytes.isEmpty()) {
            return new TreeMap<>();
        }
        return JSON.readValue(bytes.get(), new TypeReference<TreeMap<String, List<Started>>>() { });
    }

    List<Started> on(String node) throws IOException {
        return new ArrayList<>(read().getOrDefault(node, List.of()));
    }
}
