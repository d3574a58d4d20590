package org.scr4j.control;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.hadoop.fs.Path;

/**
 * The conventions the control files share: written in a fixed field order so people and scripts can
 * diff them, read strictly (a truncated or hand-damaged file is an error, never a silently empty
 * one), and every error phrased as file, what is wrong, and the fix.
 */
final class ControlJson {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ControlJson() {
    }

    /** What is wrong with a control file's content; the caller adds the file's name and the fix. */
    static final class Malformed extends Exception {
        Malformed(String what) {
            super(what, null, false, false);
        }
    }

    static ObjectNode newObject() {
        return MAPPER.createObjectNode();
    }

    /** Pretty-printed, ending in a newline. */
    static byte[] pretty(ObjectNode node) {
        try {
            byte[] json = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
            byte[] out = new byte[json.length + 1];
            System.arraycopy(json, 0, out, 0, json.length);
            out[json.length] = '\n';
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + node, e);
        }
    }

    /** One line, without the newline. */
    static String compact(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + node, e);
        }
    }

    static ObjectNode parseObject(byte[] bytes) throws Malformed {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new Malformed("it is not valid JSON, perhaps truncated (" + e.getOriginalMessage()
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ")");
        } catch (IOException e) {
            throw new Malformed("it cannot be parsed (" + e.getMessage() + ")");
        }
        if (root == null || root.isMissingNode()) {
            throw new Malformed("it is empty (" + bytes.length + " bytes, no JSON)");
        }
        if (!root.isObject()) {
            throw new Malformed("it holds a JSON " + root.getNodeType().name().toLowerCase() + ", not an object");
        }
        return (ObjectNode) root;
    }

    /** The "format" field: present, an integer of at least 1. */
    static int format(ObjectNode root) throws Malformed {
        long format = requiredLong(root, "format", "the file");
        if (format < 1 || format > Integer.MAX_VALUE) {
            throw new Malformed("its \"format\" is " + format + ", which no scr4j writes");
        }
        return (int) format;
    }

    static String newerFormat(Path file, int format, int readable, String fix) {
        return file + " was written by a newer scr4j (format " + format + ", this one reads up to " + readable
                + "); " + fix;
    }

    static String malformed(Path file, String kind, Malformed what, String fix) {
        return file + " is not a valid scr4j " + kind + ": " + what.getMessage() + "; " + fix;
    }

    private static JsonNode required(ObjectNode o, String field, String where) throws Malformed {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            throw new Malformed(where + " lacks the required field \"" + field + "\"");
        }
        return n;
    }

    private static JsonNode optional(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        return n == null || n.isNull() ? null : n;
    }

    private static Malformed wrongType(String where, String field, JsonNode n, String expected) {
        return new Malformed(where + " has \"" + field + "\": " + n + ", not " + expected);
    }

    static long requiredLong(ObjectNode o, String field, String where) throws Malformed {
        return toLong(required(o, field, where), field, where);
    }

    static int requiredInt(ObjectNode o, String field, String where) throws Malformed {
        return toInt(required(o, field, where), field, where);
    }

    static OptionalLong optionalLong(ObjectNode o, String field, String where) throws Malformed {
        JsonNode n = optional(o, field);
        return n == null ? OptionalLong.empty() : OptionalLong.of(toLong(n, field, where));
    }

    static OptionalInt optionalInt(ObjectNode o, String field, String where) throws Malformed {
        JsonNode n = optional(o, field);
        return n == null ? OptionalInt.empty() : OptionalInt.of(toInt(n, field, where));
    }

    private static long toLong(JsonNode n, String field, String where) throws Malformed {
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw wrongType(where, field, n, "an integer");
        }
        return n.longValue();
    }

    private static int toInt(JsonNode n, String field, String where) throws Malformed {
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw wrongType(where, field, n, "an integer");
        }
        return n.intValue();
    }

    static boolean requiredBoolean(ObjectNode o, String field, String where) throws Malformed {
        JsonNode n = required(o, field, where);
        if (!n.isBoolean()) {
            throw wrongType(where, field, n, "true or false");
        }
        return n.booleanValue();
    }

    static Optional<Boolean> optionalBoolean(ObjectNode o, String field, String where) throws Malformed {
        JsonNode n = optional(o, field);
        if (n == null) {
            return Optional.empty();
        }
        if (!n.isBoolean()) {
            throw wrongType(where, field, n, "true or false");
        }
        return Optional.of(n.booleanValue());
    }

    static String requiredText(ObjectNode o, String field, String where) throws Malformed {
        JsonNode n = required(o, field, where);
        if (!n.isTextual()) {
            throw wrongType(where, field, n, "a string");
        }
        return n.textValue();
    }

    static Optional<String> optionalText(ObjectNode o, String field, String where) throws Malformed {
        JsonNode n = optional(o, field);
        if (n == null) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw wrongType(where, field, n, "a string");
        }
        return Optional.of(n.textValue());
    }

    static Optional<Instant> optionalInstant(ObjectNode o, String field, String where) throws Malformed {
        Optional<String> text = optionalText(o, field, where);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.get()));
        } catch (DateTimeParseException e) {
            throw new Malformed(where + " has \"" + field + "\": \"" + text.get()
                    + "\", not an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }

    static void put(ObjectNode o, String field, OptionalLong value) {
        if (value.isPresent()) {
            o.put(field, value.getAsLong());
        } else {
            o.putNull(field);
        }
    }

    static void put(ObjectNode o, String field, OptionalInt value) {
        if (value.isPresent()) {
            o.put(field, value.getAsInt());
        } else {
            o.putNull(field);
        }
    }

    static void putText(ObjectNode o, String field, Optional<?> value) {
        if (value.isPresent()) {
            o.put(field, value.get().toString());
        } else {
            o.putNull(field);
        }
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
