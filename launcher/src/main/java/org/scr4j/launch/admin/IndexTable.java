package org.scr4j.launch.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scr4j.control.Index;
import org.scr4j.control.IndexEntry;

/** What {@code scr4j index --list} prints: a table for people, or JSON for scripts; newest dataset first. */
record IndexTable(String prefix, Index index) {
    private static final String[] HEADER = {"CUR", "ID", "NAME", "CKPT", "FLAGS", "FLUSHED", "STATUS"};

    IndexTable {
        requireNonNull(prefix, "prefix is null");
        requireNonNull(index, "index is null");
    }

    List<String> lines() {
        List<String> out = new ArrayList<>();
        if (index.entries().isEmpty()) {
            out.add("the index of " + prefix + " lists no datasets");
            return out;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (IndexEntry e : newestFirst()) {
            rows.add(new String[] {isCurrent(e) ? "*" : "", Long.toString(e.id()), e.name(),
                e.checkpoint() ? Long.toString(e.checkpointId()) : "-", flags(e),
                e.flushed().map(Object::toString).orElse("-"), status(e)});
        }
        int[] width = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean number = i == 1 || i == 3;
                String cell = number ? " ".repeat(width[i] - row[i].length()) + row[i] : row[i];
                line.append(i == 0 ? "" : "  ").append(i == row.length - 1 ? cell : pad(cell, width[i]));
            }
            out.add(line.toString().stripTrailing());
        }
        out.add(index.current().isPresent()
                ? "* current: a restart starts from it and never takes a newer checkpoint"
                : "no current checkpoint: a restart tries the newest good checkpoint first");
        return out;
    }

    String json() throws JsonProcessingException {
        List<Map<String, Object>> datasets = new ArrayList<>();
        for (IndexEntry e : newestFirst()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("id", e.id());
            d.put("name", e.name());
            d.put("checkpointId", e.checkpointId());
            d.put("checkpoint", e.checkpoint());
            d.put("output", e.output());
            d.put("ranks", e.ranks());
            d.put("complete", e.complete());
            d.put("flushed", e.flushed().map(Object::toString).orElse(null));
            d.put("failed", e.failed().orElse(null));
            d.put("current", isCurrent(e));
            datasets.add(d);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("prefix", prefix);
        root.put("current", index.current().isPresent() ? index.current().getAsLong() : null);
        root.put("datasets", datasets);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    }

    private List<IndexEntry> newestFirst() {
        List<IndexEntry> entries = new ArrayList<>(index.entries().values());
        Collections.reverse(entries);
        return entries;
    }

    private boolean isCurrent(IndexEntry e) {
        return index.current().isPresent() && index.current().getAsLong() == e.id();
    }

    private static String flags(IndexEntry e) {
        return e.checkpoint() && e.output() ? "CKPT,OUTPUT" : e.checkpoint() ? "CKPT" : "OUTPUT";
    }

    /** FAILED first: it is why a restart skips the dataset, whatever else holds. */
    private static String status(IndexEntry e) {
        if (e.isFailed()) {
            return "FAILED: " + e.failed().get();
        }
        if (!e.complete()) {
            return "incomplete";
        }
        return e.isFlushed() ? "ok" : "flush not finished";
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}
