package org.scr4j.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.scr4j.compress.Compression;

/** Manifests as JSON, so that people and scripts can read them; unknown newer formats are refused. */
public final class ManifestCodec {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestCodec() {
    }

    public static byte[] encode(Manifest m) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", m.files().stream().anyMatch(f -> f.stored().enabled()) ? Manifest.FORMAT : 1);
        DatasetInfo d = m.dataset();
        ObjectNode ds = root.putObject("dataset");
        ds.put("id", d.id());
        ds.put("name", d.name());
        ds.put("checkpointId", d.checkpointId());
        ds.put("checkpoint", d.checkpoint());
        ds.put("output", d.output());
        ds.put("tier", d.tier());
        ds.put("scheme", d.scheme());
        ds.put("ranks", d.ranks());
        root.put("rank", m.rank());
        root.put("started", m.started().toString());
        root.put("completed", m.completed().toString());
        ArrayNode files = root.putArray("files");
        for (FileEntry f : m.files()) {
            ObjectNode file = files.addObject();
            file.put("path", f.path());
            file.put("size", f.size());
            file.put("crc32c", f.crcHex());
            if (f.stored().enabled()) {
                file.put("stored", f.stored().toString());
                file.put("storedSize", f.storedSize());
            }
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the manifest of " + d.label(), e);
        }
    }

    /** Parses a manifest; {@code where} names the file in the error if it is damaged or too new. */
    public static Manifest decode(byte[] bytes, String where) throws IOException {
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root == null || !root.isObject()) {
                throw new IOException("manifest " + where + " is empty or not a JSON object");
            }
            int format = required(root, "format", where).asInt();
            if (format > Manifest.FORMAT) {
                throw new IOException("manifest " + where + " was written by a newer scr4j (format " + format
                        + ", this one reads up to " + Manifest.FORMAT + "); restart with that version");
            }
            JsonNode ds = required(root, "dataset", where);
            DatasetInfo info = new DatasetInfo(required(ds, "id", where).asLong(), required(ds, "name", where).asText(),
                    required(ds, "checkpointId", where).asLong(), required(ds, "checkpoint", where).asBoolean(),
                    required(ds, "output", where).asBoolean(), required(ds, "tier", where).asText(),
                    required(ds, "scheme", where).asText(), required(ds, "ranks", where).asInt());
            List<FileEntry> files = new ArrayList<>();
            for (JsonNode f : required(root, "files", where)) {
                FileEntry file = new FileEntry(required(f, "path", where).asText(), required(f, "size", where).asLong(),
                        Long.parseUnsignedLong(required(f, "crc32c", where).asText().replaceFirst("^0x", ""), 16));
                JsonNode stored = f.get("stored");
                if (stored != null && !stored.isNull()) {
                    file = file.storedAs(Compression.ofLabel(stored.asText()), required(f, "storedSize", where).asLong());
                }
                files.add(file);
            }
            return new Manifest(info, required(root, "rank", where).asInt(), files,
                    Instant.parse(required(root, "started", where).asText()), Instant.parse(required(root, "completed", where).asText()));
        } catch (JsonProcessingException | DateTimeParseException | IllegalArgumentException e) {
            throw new IOException("manifest " + where + " is damaged (" + e.getMessage() + ")", e);
        }
    }

    private static JsonNode required(JsonNode node, String field, String where) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IOException("manifest " + where + " is damaged: field '" + field + "' is missing");
        }
        return value;
    }
}
