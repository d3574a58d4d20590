package org.scr4j.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a reliability suite did, counted as it happened: trials, faults injected by kind, and how
 * each trial ended. Written to {@code target/reliability/<suite>.json} and printed as one
 * {@code RELIABILITY {...}} line, from which docs/reliability.md is built.
 */
final class Tally {
    /** How a trial ended, judged from what the application read and what the library said. */
    enum Outcome {
        /** The newest checkpoint, intact or rebuilt, bit for bit. */
        RECOVERED,
        /** An older intact checkpoint, with a message naming what was wrong with the newer one. */
        FALLBACK,
        /** Nothing offered, with a message naming why: nothing intact was left. */
        REFUSED
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String suite;
    private final Map<String, Integer> faults = new TreeMap<>();
    private final Map<Outcome, Integer> outcomes = new TreeMap<>();
    private int trials;
    private int silentCorruptions;

    Tally(String suite) {
        this.suite = suite;
    }

    synchronized void fault(String kind) {
        faults.merge(kind, 1, Integer::sum);
    }

    synchronized void trial(Outcome outcome) {
        trials++;
        outcomes.merge(outcome, 1, Integer::sum);
    }

    /** Files the application was handed whose bytes differ from what was written for them. */
    synchronized void silentCorruptions(int count) {
        silentCorruptions += count;
    }

    synchronized int silentCorruptions() {
        return silentCorruptions;
    }

    synchronized String json() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("suite", suite);
        root.put("trials", trials);
        ObjectNode kinds = root.putObject("faults");
        faults.forEach(kinds::put);
        root.put("recovered", outcomes.getOrDefault(Outcome.RECOVERED, 0));
        root.put("fallbacks", outcomes.getOrDefault(Outcome.FALLBACK, 0));
        root.put("refused", outcomes.getOrDefault(Outcome.REFUSED, 0));
        root.put("silentCorruptions", silentCorruptions);
        return JSON.writeValueAsString(root);
    }

    /** Writes target/reliability/SUITE.json (relative to the module, surefire's working directory) and prints the line. */
    void write() throws IOException {
        String json = json();
        Path out = Path.of("target", "reliability", suite + ".json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, json + "\n");
        System.out.println("RELIABILITY " + json);
    }
}
