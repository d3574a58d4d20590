package org.scr4j.reliability;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one reliability suite did, counted as it happens: trials run, faults injected by kind, and
 * how each ended (recovered from the newest checkpoint, fell back to an older one, refused
 * cleanly, or handed the application wrong data). {@link #write()} leaves it in
 * {@code target/reliability/<suite>.json} and prints it on one line starting with
 * {@code RELIABILITY }, where docs/reliability.md takes its figures from.
 */
public final class Tally {
    /** How one trial ended. */
    public enum Outcome {
        /** The newest checkpoint, bit for bit: intact, or rebuilt from redundancy. */
        RECOVERED,
        /** An older intact checkpoint, with a message naming what was wrong with the newer one. */
        FALLBACK,
        /** Nothing offered, with a message naming why: nothing intact was left. */
        REFUSED
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String suite;
    private final Map<String, Integer> faults = new TreeMap<>();
    private int trials;
    private int recovered;
    private int fallbacks;
    private int refused;
    private int silentCorruptions;

    public Tally(String suite) {
        this.suite = requireNonNull(suite, "suite is null");
    }

    public synchronized void trial() {
        trials++;
    }

    /** One trial, ended as {@code outcome}. */
    public synchronized void trial(Outcome outcome) {
        trial();
        switch (outcome) {
            case RECOVERED -> recovered();
            case FALLBACK -> fallback();
            case REFUSED -> refused();
        }
    }

    /** {@code count} files handed to the application whose bytes differ from what was written for them. */
    public synchronized void silentCorruptions(int count) {
        silentCorruptions += count;
    }

    /** One trial with one fault of this kind. */
    public synchronized void tried(String kind) {
        trial();
        fault(kind);
    }

    public synchronized void fault(String kind) {
        faults.merge(requireNonNull(kind, "kind is null"), 1, Integer::sum);
    }

    /** Restarted from the newest checkpoint, bit for bit (rebuilt or not). */
    public synchronized void recovered() {
        recovered++;
    }

    /** Fell back to an older intact checkpoint, with a message naming what was lost. */
    public synchronized void fallback() {
        fallbacks++;
    }

    /** A clean error and nothing returned, where that is the promise. */
    public synchronized void refused() {
        refused++;
    }

    /** Data handed to the application that differs from what was written. */
    public synchronized void silentCorruption() {
        silentCorruptions++;
    }

    public synchronized int trials() {
        return trials;
    }

    public synchronized int silentCorruptions() {
        return silentCorruptions;
    }

    /** The tally as one line of JSON. */
    public synchronized String json() {
        ObjectNode node = JSON.createObjectNode();
        node.put("suite", suite).put("trials", trials);
        ObjectNode kinds = node.putObject("faults");
        faults.forEach(kinds::put);
        node.put("recovered", recovered).put("fallbacks", fallbacks).put("refused", refused)
                .put("silentCorruptions", silentCorruptions);
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the tally of " + suite, e);
        }
    }

    /** Writes target/reliability/SUITE.json under the working directory (the module's, under surefire) and prints the line. */
    public synchronized Path write() {
        String json = json();
        Path file = Path.of("target", "reliability", suite + ".json");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, json + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tally of " + suite + " to " + file.toAbsolutePath(), e);
        }
        System.out.println("RELIABILITY " + json);
        return file;
    }
}
