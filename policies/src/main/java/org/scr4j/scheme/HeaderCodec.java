package org.scr4j.scheme;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.scr4j.dataset.Manifest;
import org.scr4j.dataset.ManifestCodec;
import org.scr4j.erasure.Crc32c;

/** Scheme headers as JSON that people and scripts can read; a damaged or newer header is refused with its name. */
final class HeaderCodec {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private HeaderCodec() {
    }

    static byte[] encode(SchemeHeader h) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", SchemeHeader.FORMAT);
        root.put("scheme", h.scheme());
        root.put("dataset", h.dataset());
        root.put("rank", h.rank());
        h.set().ifPresent(set -> {
            ObjectNode s = root.putObject("set");
            s.put("id", set.id());
            ArrayNode members = s.putArray("members");
            for (RedundancySet.Member m : set.members()) {
                members.addObject().put("rank", m.rank()).put("failureGroup", m.failureGroup());
            }
        });
        h.geometry().ifPresent(g -> {
            ObjectNode geometry = root.putObject("geometry");
            geometry.put("dataUnits", g.data());
            geometry.put("parityUnits", g.parity());
            geometry.put("chunk", g.chunk());
            ArrayNode lengths = geometry.putArray("lengths");
            g.lengths().forEach(lengths::add);
        });
        ArrayNode stored = root.putArray("stored");
        for (SchemeHeader.StoredFile f : h.stored()) {
            stored.addObject().put("path", f.path()).put("row", f.row()).put("size", f.size()).put("crc32c", Crc32c.hex(f.crc32c()));
        }
        ArrayNode manifests = root.putArray("manifests");
        try {
            for (Manifest m : h.manifests()) {
                manifests.add(JSON.readTree(ManifestCodec.encode(m)));
            }
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the " + h.scheme() + " header of rank " + h.rank(), e);
        }
    }

    /** Parses a header; {@code where} names the file in errors. */
    static SchemeHeader decode(byte[] bytes, String where) throws IOException {
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root == null || !root.isObject()) {
                throw new IOException("redundancy header " + where + " is empty or not a JSON object");
            }
            int format = required(root, "format", where).asInt();
            if (format > SchemeHeader.FORMAT) {
                throw new IOException("redundancy header " + where + " was written by a newer scr4j (format " + format
                        + ", this one reads up to " + SchemeHeader.FORMAT + "); restart with that version");
            }
            Optional<RedundancySet> set = Optional.empty();
            if (root.has("set")) {
                JsonNode s = root.get("set");
                List<RedundancySet.Member> members = new ArrayList<>();
                for (JsonNode m : required(s, "members", where)) {
                    members.add(new RedundancySet.Member(required(m, "rank", where).asInt(), required(m, "failureGroup", where).asText()));
                }
                set = Optional.of(new RedundancySet(required(s, "id", where).asInt(), members));
            }
            Optional<StripeGeometry> geometry = Optional.empty();
            if (root.has("geometry")) {
                JsonNode g = root.get("geometry");
                List<Long> lengths = new ArrayList<>();
                required(g, "lengths", where).forEach(n -> lengths.add(n.asLong()));
                geometry = Optional.of(new StripeGeometry(required(g, "parityUnits", where).asInt(), required(g, "chunk", where).asLong(),
                        lengths));
            }
            List<SchemeHeader.StoredFile> stored = new ArrayList<>();
            for (JsonNode f : required(root, "stored", where)) {
                stored.add(new SchemeHeader.StoredFile(required(f, "path", where).asText(), required(f, "row", where).asInt(),
                        required(f, "size", where).asLong(), Long.parseUnsignedLong(required(f, "crc32c", where).asText(), 16)));
            }
            List<Manifest> manifests = new ArrayList<>();
            for (JsonNode m : required(root, "manifests", where)) {
                manifests.add(ManifestCodec.decode(JSON.writeValueAsBytes(m), where));
            }
            return new SchemeHeader(required(root, "scheme", where).asText(), required(root, "dataset", where).asLong(),
                    required(root, "rank", where).asInt(), set, geometry, stored, manifests);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IOException("redundancy header " + where + " is damaged (" + e.getMessage() + ")", e);
        }
    }

    private static JsonNode required(JsonNode node, String field, String where) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IOException("redundancy header " + where + " is damaged: field '" + field + "' is missing");
        }
        return value;
    }
}
