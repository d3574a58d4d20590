package org.scr4j.control;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.hadoop.fs.Path;
import org.scr4j.control.ControlJson.Malformed;

/**
 * {@code <prefix>/.scr4j/halt}: the job's halt conditions, written by {@code scr4j halt} and by the
 * library, read by every rank and the launcher. A missing file means no halt; the file never holds
 * {@link HaltRecord#NONE}, so its mere presence tells a person that a halt is pending.
 */
public final class HaltFile {
    static final int FORMAT = 1;
    private static final String FIX = "remove it with 'scr4j halt --remove' or delete it";
    private static final String NEWER_FIX = "use that version, or remove it with 'scr4j halt --remove' or delete it";

    private final ControlDirectory dir;
    private final Path path;

    HaltFile(ControlDirectory dir, Path path) {
        this.dir = requireNonNull(dir, "dir is null");
        this.path = requireNonNull(path, "path is null");
    }

    public Path path() {
        return path;
    }

    /** Missing: {@link HaltRecord#NONE}; damaged or too new: {@link IndexFormatException} with the fix. */
    public HaltRecord read() throws IOException {
        Optional<byte[]> bytes = dir.read(path);
        return bytes.isEmpty() ? HaltRecord.NONE : decode(bytes.get(), path);
    }

    /**
     * Under the lock "halt": read, apply change, write back; a result equal to {@link HaltRecord#NONE}
     * deletes the file. A damaged file is left as it was (use {@link #remove}). Returns the new record.
     */
    @SuppressWarnings("try") // the lock is held by the try block, not used in it
    public HaltRecord update(UnaryOperator<HaltRecord> change) throws IOException {
        requireNonNull(change, "change is null");
        try (ControlLock lock = dir.lock("halt")) {
            HaltRecord before = read();
            HaltRecord after = requireNonNull(change.apply(before), "the change returned null instead of a halt record");
            if (after.equals(HaltRecord.NONE)) {
                dir.fileSystem().delete(path, false);
            } else if (!after.equals(before)) {
                dir.replace(path, encode(after));
            }
            return after;
        }
    }

    /** Deletes the file, without reading it: this is also the way out of a damaged one. */
    @SuppressWarnings("try") // the lock is held by the try block, not used in it
    public void remove() throws IOException {
        try (ControlLock lock = dir.lock("halt")) {
            dir.fileSystem().delete(path, false);
        }
    }

    static byte[] encode(HaltRecord r) {
        ObjectNode root = ControlJson.newObject();
        root.put("format", FORMAT);
        ControlJson.put(root, "checkpoints", r.checkpoints());
        ControlJson.putText(root, "exitBefore", r.exitBefore());
        ControlJson.putText(root, "exitAfter", r.exitAfter());
        ControlJson.put(root, "seconds", r.seconds());
        ControlJson.putText(root, "reason", r.reason());
        root.put("immediate", r.immediate());
        return ControlJson.pretty(root);
    }

    static HaltRecord decode(byte[] bytes, Path file) throws IndexFormatException {
        try {
            ObjectNode root = ControlJson.parseObject(bytes);
            int format = ControlJson.format(root);
            if (format > FORMAT) {
                throw new IndexFormatException(ControlJson.newerFormat(file, format, FORMAT, NEWER_FIX));
            }
            String where = "the file";
            try {
                return new HaltRecord(ControlJson.optionalInt(root, "checkpoints", where),
                        ControlJson.optionalInstant(root, "exitBefore", where),
                        ControlJson.optionalInstant(root, "exitAfter", where),
                        ControlJson.optionalLong(root, "seconds", where),
                        ControlJson.optionalText(root, "reason", where),
                        // absent in files written before immediate halts existed: those wait for the next opportunity
                        ControlJson.optionalBoolean(root, "immediate", where).orElse(false));
            } catch (IllegalArgumentException e) {
                throw new Malformed(e.getMessage());
            }
        } catch (Malformed e) {
            throw new IndexFormatException(ControlJson.malformed(file, "halt file", e, FIX));
        }
    }
}
