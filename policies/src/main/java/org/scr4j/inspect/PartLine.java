package org.scr4j.inspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.scr4j.dataset.DatasetInfo;
import org.scr4j.scheme.RecoveryGroup;

/**
 * A {@link PartListing} as one line of output, {@value #PREFIX} and a JSON object, so that the
 * launcher can pick a node's parts out of whatever else the node's process prints (log lines, a
 * JVM's warnings) and read them back exactly.
 */
public final class PartLine {
    public static final String PREFIX = "scr4j-part ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PartLine() {
    }

    /** The line, without a line separator. */
    public static String format(PartListing p) {
        ObjectNode root = JSON.createObjectNode();
        root.put("node", p.node());
        root.put("tier", p.tier());
        root.put("directory", p.directory());
        root.put("datasetId", p.datasetId());
        root.put("rank", p.rank());
        root.put("complete", p.complete());
        p.dataset().ifPresent(d -> root.putObject("dataset").put("id", d.id()).put("name", d.name())
                .put("checkpointId", d.checkpointId()).put("checkpoint", d.checkpoint()).put("output", d.output())
                .put("tier", d.tier()).put("scheme", d.scheme()).put("ranks", d.ranks()));
        root.put("files", p.files());
        root.put("bytes", p.bytes());
        root.put("redundancyBytes", p.redundancyBytes());
        p.problem().ifPresent(s -> root.put("problem", s));
        ArrayNode groups = root.putArray("recoveryGroups");
        for (RecoveryGroup g : p.recoveryGroups()) {
            ObjectNode group = groups.addObject();
            ArrayNode members = group.putArray("members");
            g.members().forEach(members::add);
            group.put("tolerance", g.tolerance());
        }
        p.redundancyProblem().ifPresent(s -> root.put("redundancyProblem", s));
        try {
            return PREFIX + JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the listing of " + p.directory(), e);
        }
    }

    /**
     * The part a line describes; empty for a line that does not start with {@value #PREFIX}.
     *
     * @throws IOException the line starts with the prefix but is not a whole listing (cut off, or from another scr4j)
     */
    public static Optional<PartListing> parse(String line) throws IOException {
        if (!line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String shown = line.length() > 200 ? line.substring(0, 200) + "..." : line;
        try {
            JsonNode root = JSON.readTree(line.substring(PREFIX.length()));
            if (root == null || !root.isObject()) {
                throw new IOException("not a JSON object");
            }
            Optional<DatasetInfo> dataset = Optional.empty();
            if (root.has("dataset")) {
                JsonNode d = root.get("dataset");
                dataset = Optional.of(new DatasetInfo(number(d, "id"), text(d, "name"), number(d, "checkpointId"),
                        bool(d, "checkpoint"), bool(d, "output"), text(d, "tier"), text(d, "scheme"),
                        intNumber(d, "ranks")));
            }
            List<RecoveryGroup> groups = new ArrayList<>();
            for (JsonNode g : required(root, "recoveryGroups")) {
                Set<Integer> members = new TreeSet<>();
                for (JsonNode m : required(g, "members")) {
                    if (!m.canConvertToInt() || !m.isIntegralNumber()) {
                        throw new IOException("a recovery group member is " + m + ", not a rank");
                    }
                    members.add(m.asInt());
                }
                groups.add(new RecoveryGroup(members, intNumber(g, "tolerance")));
            }
            PartListing part = new PartListing(text(root, "node"), text(root, "tier"), text(root, "directory"),
                    number(root, "datasetId"), intNumber(root, "rank"), dataset, intNumber(root, "files"),
                    number(root, "bytes"), number(root, "redundancyBytes"), optionalText(root, "problem"),
                    groups, optionalText(root, "redundancyProblem"));
            if (part.complete() != bool(root, "complete")) {
                throw new IOException("'complete' contradicts the presence of 'dataset'");
            }
            return Optional.of(part);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("cannot read the part listing '" + shown + "': " + e.getMessage() + ". Fix: run the same scr4j"
                    + " version on every node", e);
        }
    }

    private static JsonNode required(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IOException("field '" + field + "' is missing");
        }
        return value;
    }

    private static long number(JsonNode node, String field) throws IOException {
        JsonNode value = required(node, field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IOException("field '" + field + "' is " + value + ", not a whole number");
        }
        return value.asLong();
    }

    private static int intNumber(JsonNode node, String field) throws IOException {
        long value = number(node, field);
        if (value != (int) value) {
            throw new IOException("field '" + field + "' is " + value + ", too large");
        }
        return (int) value;
    }

    private static boolean bool(JsonNode node, String field) throws IOException {
        JsonNode value = required(node, field);
        if (!value.isBoolean()) {
            throw new IOException("field '" + field + "' is " + value + ", not true or false");
        }
        return value.asBoolean();
    }

    private static String text(JsonNode node, String field) throws IOException {
        return required(node, field).asText();
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }
}
