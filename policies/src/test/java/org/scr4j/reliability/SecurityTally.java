package org.scr4j.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a reliability suite did, counted as it happened, for docs/reliability.md: each attack or
 * fault tried (by kind), and what became of it. Written to target/reliability/SUITE.json and
 * printed as one "RELIABILITY {...}" line.
 */
final class SecurityTally {
    private final String suite;
    private final Map<String, Integer> faults = new TreeMap<>();
    private int trials;
    private int recovered;
    private int fallbacks;
    private int refused;
    private int silentCorruptions;

    SecurityTally(String suite) {
        this.suite = suite;
    }

    /** One attack or fault of {@code kind} was tried. */
    synchronized void tried(String kind) {
        trials++;
        faults.merge(kind, 1, Integer::sum);
    }

    /** The job restarted from the newest checkpoint bit for bit (rebuilt where it had to be). */
    synchronized void recovered() {
        recovered++;
    }

    /** The job went back to an older intact checkpoint, saying what it skipped and why. */
    synchronized void fellBack() {
        fallbacks++;
    }

    /** The attack was refused with a clear error, and nothing was handed on. */
    synchronized void refused() {
        refused++;
    }

    /** Data the job received, restored or flushed differs from what it wrote; any is a failure. */
    synchronized void silentCorruption() {
        silentCorruptions++;
    }

    synchronized int silentCorruptions() {
        return silentCorruptions;
    }

    synchronized String json() {
        String kinds = faults.entrySet().stream().map(e -> "\"" + e.getKey() + "\": " + e.getValue())
                .collect(Collectors.joining(", "));
        return "{\"suite\": \"" + suite + "\", \"trials\": " + trials + ", \"faults\": {" + kinds + "}, \"recovered\": " + recovered
                + ", \"fallbacks\": " + fallbacks + ", \"refused\": " + refused + ", \"silentCorruptions\": " + silentCorruptions
                + "}";
    }

    /** Writes target/reliability/SUITE.json (relative to the module, surefire's working directory) and prints the line. */
    void write() throws IOException {
        String json = json();
        Path dir = Files.createDirectories(Path.of("target", "reliability"));
        Files.writeString(dir.resolve(suite + ".json"), json + "\n", StandardCharsets.UTF_8);
        System.out.println("RELIABILITY " + json);
    }
}
