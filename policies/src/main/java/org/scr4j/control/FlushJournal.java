package org.scr4j.control;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <prefix>/.scr4j/flush}: where each cached dataset stands on its way to the prefix. The
 * engine records a state change before it acts on it, so a drain, the next run and a person see
 * a flush that was under way when the job died (FLUSHING) and finish or redo it, and eviction never
 * deletes what a flusher still reads. The index stays the authority on what the prefix holds.
 */
public final class FlushJournal {
    static final int FORMAT = 1;
    private static final Logger LOG = LoggerFactory.getLogger(FlushJournal.class);
    private static final String FIX = "delete it: the next run rebuilds it from the cache and the index";

    /** A dataset's flush state. */
    public enum State {
        /** In the cache only; no flush was asked for. */
        CACHED,
        /** Being copied to the prefix; the index does not list it as flushed yet. */
        FLUSHING,
        /** On the prefix, verified, and listed as flushed in the index. */
        FLUSHED,
        /** The last flush failed; the dataset stays in the cache. */
        FAILED
    }

    /** One dataset's line: its state, since when, and for FAILED why. */
    public record Entry(long id, String name, State state, Instant since, Optional<String> detail) {
        public Entry {
            requireNonNull(name, "name is null");
            requireNonNull(state, "state is null");
            requireNonNull(since, "since is null");
            requireNonNull(detail, "detail is null");
        }
    }

    private final ControlDirectory dir;
    private final Path path;

    FlushJournal(ControlDirectory dir, Path path) {
        this.dir = requireNonNull(dir, "dir is null");
        this.path = requireNonNull(path, "path is null");
    }

    public Path path() {
        return path;
    }

    /** The entries by dataset id; a missing file is an empty journal. */
    public SortedMap<Long, Entry> read() throws IOException {
        Optional<byte[]> bytes = dir.read(path);
        return bytes.isEmpty() ? Collections.emptySortedMap() : decode(bytes.get());
    }

    /** Under the lock "flush-journal": read, apply the change, write back if it changed. Returns the new entries. */
    @SuppressWarnings("try") // the lock is held by the try block, not used in it
    public SortedMap<Long, Entry> update(UnaryOperator<SortedMap<Long, Entry>> change) throws IOException {
        requireNonNull(change, "change is null");
        try (ControlLock lock = dir.lock("flush-journal")) {
            SortedMap<Long, Entry> before;
            boolean damaged = false;
            try {
                before = read();
            } catch (IndexFormatException e) {
                damaged = true;
                // The journal only mirrors the cache and the index; a damaged one is started afresh, never in the way of a flush.
                LOG.warn("{}; starting it afresh", e.getMessage());
                before = Collections.emptySortedMap();
            }
            SortedMap<Long, Entry> after = new TreeMap<>(requireNonNull(change.apply(new TreeMap<>(before)),
                    "the change returned null"));
            if (damaged || !after.equals(before)) {
                dir.replace(path, encode(after));
            }
            return Collections.unmodifiableSortedMap(after);
        }
    }

    static byte[] encode(SortedMap<Long, Entry> entries) {
        ObjectNode root = ControlJson.newObject();
        root.put("format", FORMAT);
        ArrayNode list = root.putArray("datasets");
        for (Entry e : entries.values()) {
            ObjectNode o = list.addObject();
            o.put("id", e.id());
            o.put("name", e.name());
            o.put("state", e.state().name());
            o.put("since", e.since().toString());
            ControlJson.putText(o, "detail", e.detail());
        }
        return ControlJson.pretty(root);
    }

    private SortedMap<Long, Entry> decode(byte[] bytes) throws IOException {
        try {
            ObjectNode root = ControlJson.parseObject(bytes);
            int format = ControlJson.format(root);
            if (format > FORMAT) {
                throw new IndexFormatException(ControlJson.newerFormat(path, format, FORMAT, FIX));
            }
            JsonNode list = root.get("datasets");
            if (list == null || !list.isArray()) {
                throw new ControlJson.Malformed("it has no \"datasets\" list");
            }
            SortedMap<Long, Entry> entries = new TreeMap<>();
            for (JsonNode n : list) {
                if (!n.isObject()) {
                    throw new ControlJson.Malformed("an element of \"datasets\" is not an object");
                }
                ObjectNode o = (ObjectNode) n;
                String where = "a dataset";
                long id = ControlJson.requiredLong(o, "id", where);
                String state = ControlJson.requiredText(o, "state", where);
                Entry e;
                try {
                    e = new Entry(id, ControlJson.requiredText(o, "name", where), State.valueOf(state),
                            ControlJson.optionalInstant(o, "since", where).orElse(Instant.EPOCH),
                            ControlJson.optionalText(o, "detail", where));
                } catch (IllegalArgumentException bad) {
                    throw new ControlJson.Malformed("dataset " + id + " has the state '" + state + "'; states are CACHED,"
                            + " FLUSHING, FLUSHED and FAILED");
                }
                entries.put(id, e);
            }
            return entries;
        } catch (ControlJson.Malformed m) {
            throw new IndexFormatException(ControlJson.malformed(path, "flush journal", m, FIX));
        }
    }
}
