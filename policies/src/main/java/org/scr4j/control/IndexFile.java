package org.scr4j.control;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.apache.hadoop.fs.Path;
import org.scr4j.control.ControlJson.Malformed;

/**
 * {@code <prefix>/.scr4j/index}: the {@link Index} as JSON. Changes go through {@link #update}, a
 * read-modify-write under the lock "index", so ranks, the flusher and the launcher's commands never
 * lose each other's changes; a damaged file stops every writer instead of being overwritten.
 */
public final class IndexFile {
    static final String FIX = "move it aside to start a new index (scr4j then ignores what it listed),"
            + " or restore it from a backup";
    private static final String NEWER_FIX = "use that version, or move the file aside";

    private final ControlDirectory dir;
    private final Path path;

    IndexFile(ControlDirectory dir, Path path) {
        this.dir = requireNonNull(dir, "dir is null");
        this.path = requireNonNull(path, "path is null");
    }

    public Path path() {
        return path;
    }

    /**
     * Missing file: {@link Index#empty()}. A file that is not valid JSON, is truncated, or lacks
     * required fields: {@link IndexFormatException} naming the file, what is wrong and the fix; so
     * is a format newer than {@link Index#FORMAT}.
     */
    public Index read() throws IOException {
        Optional<byte[]> bytes = dir.read(path);
        return bytes.isEmpty() ? Index.empty() : decode(bytes.get(), path);
    }

    /**
     * Under the lock "index": read, apply change, write back with {@link ControlDirectory#replace}
     * (skipped if nothing changed). If {@link #read()} throws, nothing is written: the bad file is
     * left exactly as it was for a person to look at. Returns the new index.
     */
    @SuppressWarnings("try") // the lock is held by the try block, not used in it
    public Index update(UnaryOperator<Index> change) throws IOException {
        requireNonNull(change, "change is null");
        try (ControlLock lock = dir.lock("index")) {
            Index before = read();
            Index after = requireNonNull(change.apply(before), "the change returned null instead of an index");
            if (!after.equals(before)) {
                dir.replace(path, encode(after));
            }
            return after;
        }
    }

    static byte[] encode(Index index) {
        ObjectNode root = ControlJson.newObject();
        root.put("format", Index.FORMAT);
        ControlJson.put(root, "current", index.current());
        ArrayNode datasets = root.putArray("datasets");
        for (IndexEntry e : index.entries().values()) {
            ObjectNode d = datasets.addObject();
            d.put("id", e.id());
            d.put("name", e.name());
            d.put("checkpointId", e.checkpointId());
            d.put("checkpoint", e.checkpoint());
            d.put("output", e.output());
            d.put("ranks", e.ranks());
            d.put("complete", e.complete());
            ControlJson.putText(d, "flushed", e.flushed());
            ControlJson.putText(d, "failed", e.failed());
        }
        return ControlJson.pretty(root);
    }

    static Index decode(byte[] bytes, Path file) throws IndexFormatException {
        try {
            ObjectNode root = ControlJson.parseObject(bytes);
            int format = ControlJson.format(root);
            if (format > Index.FORMAT) {
                throw new IndexFormatException(ControlJson.newerFormat(file, format, Index.FORMAT, NEWER_FIX));
            }
            OptionalLong current = ControlJson.optionalLong(root, "current", "the file");
            JsonNode datasets = root.get("datasets");
            if (datasets == null || datasets.isNull()) {
                throw new Malformed("the file lacks the required field \"datasets\"");
            }
            if (!datasets.isArray()) {
                throw new Malformed("\"datasets\" is " + datasets.getNodeType().name().toLowerCase() + ", not a list");
            }
            List<IndexEntry> entries = new ArrayList<>();
            int n = 0;
            for (JsonNode node : datasets) {
                String where = "dataset #" + ++n;
                if (!node.isObject()) {
                    throw new Malformed(where + " is not a JSON object");
                }
                entries.add(entry((ObjectNode) node, where));
            }
            try {
                return Index.of(entries, current);
            } catch (IllegalArgumentException e) {
                throw new Malformed(e.getMessage());
            }
        } catch (Malformed e) {
            throw new IndexFormatException(ControlJson.malformed(file, "index", e, FIX));
        }
    }

    private static IndexEntry entry(ObjectNode d, String where) throws Malformed {
        long id = ControlJson.requiredLong(d, "id", where);
        String name = ControlJson.requiredText(d, "name", where);
        long checkpointId = ControlJson.requiredLong(d, "checkpointId", where);
        boolean checkpoint = ControlJson.requiredBoolean(d, "checkpoint", where);
        boolean output = ControlJson.requiredBoolean(d, "output", where);
        int ranks = ControlJson.requiredInt(d, "ranks", where);
        boolean complete = ControlJson.requiredBoolean(d, "complete", where);
        try {
            return new IndexEntry(id, name, checkpointId, checkpoint, output, ranks, complete,
                    ControlJson.optionalInstant(d, "flushed", where), ControlJson.optionalText(d, "failed", where));
        } catch (IllegalArgumentException e) {
            throw new Malformed(where + ": " + e.getMessage());
        }
    }
}
