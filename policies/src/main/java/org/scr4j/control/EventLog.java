package org.scr4j.control;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.CommonPathCapabilities;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LeaseRecoverable;
import org.apache.hadoop.fs.Path;
import org.scr4j.tier.pfs.FailedStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <prefix>/.scr4j/log}: one JSON object per line; SCR keeps the same log for interval advice
 * (how long checkpoints and restarts took) and people read it to see what a job did. Lines are
 * whole or skipped: a crash mid-append costs that one event, never the log.
 */
public final class EventLog {
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
    /** How long an append waits for HDFS to close a log left open by a dead writer. */
    private static final Duration LEASE_RECOVERY = Duration.ofSeconds(30);
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final ControlDirectory dir;
    private final Path path;

    EventLog(ControlDirectory dir, Path path) {
        this.dir = requireNonNull(dir, "dir is null");
        this.path = requireNonNull(path, "path is null");
    }

    public Path path() {
        return path;
    }

    /**
     * Appends {"time":"ISO instant", ...fields} as one line, under the lock "log": with fs.append if
     * the file system supports it (RawLocal and HDFS do), else read and replace. Field values are
     * String, Number or Boolean; "time" is set here. A line cut off by an earlier crash is ended first,
     * so it cannot swallow this event.
     */
    @SuppressWarnings("try") // the lock is held by the try block, not used in it
    public void append(Map<String, ?> fields) throws IOException {
        requireNonNull(fields, "fields is null");
        ObjectNode event = ControlJson.newObject();
        event.put("time", Instant.now().toString());
        for (Map.Entry<String, ?> f : fields.entrySet()) {
            put(event, f.getKey(), f.getValue());
        }
        byte[] line = (ControlJson.compact(event) + "\n").getBytes(StandardCharsets.UTF_8);
        FileSystem fs = dir.fileSystem();
        try (ControlLock lock = dir.lock("log")) {
            if (fs.hasPathCapability(path, CommonPathCapabilities.FS_APPEND)) {
                appendInPlace(fs, line);
            } else {
                byte[] old = dir.read(path).orElse(new byte[0]);
                dir.replace(path, concat(old, endsLine(old) ? new byte[0] : new byte[] {'\n'}, line));
            }
        }
    }

    private void appendInPlace(FileSystem fs, byte[] line) throws IOException {
        long length;
        try {
            closeAbandoned(fs);
            length = fs.getFileStatus(path).getLen();
        } catch (FileNotFoundException e) {
            writeAndClose(fs.create(path, false), line);
            return;
        }
        boolean cutOff = length > 0 && lastByte(fs, length) != '\n';
        writeAndClose(fs.append(path), cutOff ? concat(new byte[] {'\n'}, line) : line);
    }

    /**
     * HDFS keeps a file open for a writer that died mid-append (it holds the file's lease) and
     * refuses every other append until the lease expires, a minute or more later, and is
     * recovered. The caller holds the log's lock, so such a writer is gone: its lease is recovered
     * now, which closes the file at the length the data nodes hold (a cut-off line included).
     */
    private void closeAbandoned(FileSystem fs) throws IOException {
        if (!(fs instanceof LeaseRecoverable leases) || leases.isFileClosed(path)) {
            return;
        }
        LOG.warn("The event log {} was left open by a writer that died while appending to it; recovering its lease", path);
        long deadline = System.nanoTime() + LEASE_RECOVERY.toNanos();
        while (!leases.recoverLease(path)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the event log " + path + " is still held open by a writer that died while appending to"
                        + " it, " + LEASE_RECOVERY.toSeconds() + " s after the recovery of its lease began; HDFS may be missing"
                        + " the data node that holds its last block");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while recovering the lease of " + path);
            }
        }
    }

    /** Not try-with-resources: a failed HDFS stream throws its failure again from close(); see FailedStreams. */
    private static void writeAndClose(FSDataOutputStream out, byte[] bytes) throws IOException {
        try {
            out.write(bytes);
            out.hsync();
        } catch (IOException | RuntimeException e) {
            FailedStreams.close(out, e);
            throw e;
        }
        out.close();
    }

    private int lastByte(FileSystem fs, long length) throws IOException {
        try (FSDataInputStream in = fs.open(path)) {
            in.seek(length - 1);
            return in.read();
        }
    }

    private static void put(ObjectNode event, String key, Object value) {
        requireNonNull(key, "a field name is null");
        if (key.equals("time")) {
            throw new IllegalArgumentException("the field \"time\" is set by the event log, not by the caller");
        }
        if (value instanceof String s) {
            event.put(key, s);
        } else if (value instanceof Boolean b) {
            event.put(key, b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            event.put(key, ((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            event.put(key, ((Number) value).doubleValue());
        } else if (value instanceof BigInteger i) {
            event.put(key, i);
        } else if (value instanceof BigDecimal d) {
            event.put(key, d);
        } else {
            throw new IllegalArgumentException("event field \"" + key + "\" is "
                    + (value == null ? "null" : "a " + value.getClass().getName())
                    + "; a field is a String, a Number or a Boolean");
        }
    }

    /**
     * Every event, oldest first, each as a Map in field order; a truncated last line (a crash
     * mid-append) is skipped, not an error. So is a damaged line inside the log, with a warning:
     * the log is advice, and one lost event must not hide the others.
     */
    public List<Map<String, Object>> read() throws IOException {
        Optional<byte[]> bytes = dir.read(path);
        if (bytes.isEmpty()) {
            return List.of();
        }
        String text = ControlJson.utf8(bytes.get());
        List<Map<String, Object>> events = new ArrayList<>();
        int start = 0;
        int lineNo = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            boolean terminated = end >= 0;
            String line = terminated ? text.substring(start, end) : text.substring(start);
            start = terminated ? end + 1 : text.length();
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            LinkedHashMap<String, Object> event;
            String problem;
            try {
                event = ControlJson.MAPPER.readValue(line, OBJECT);
                problem = event == null ? "null" : null;
            } catch (JsonProcessingException e) {
                event = null;
                problem = e.getOriginalMessage();
            }
            if (event != null) {
                events.add(Collections.unmodifiableMap(event));
            } else if (terminated) {
                LOG.warn("Skipping line {} of {}: it is not a JSON object ({}); an earlier crash may have cut it off",
                        lineNo, path, problem);
            } else {
                LOG.debug("Skipping the cut-off last line {} of {}", lineNo, path);
            }
        }
        return Collections.unmodifiableList(events);
    }

    private static boolean endsLine(byte[] bytes) {
        return bytes.length == 0 || bytes[bytes.length - 1] == '\n';
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
