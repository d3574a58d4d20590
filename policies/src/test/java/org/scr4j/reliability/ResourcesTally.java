package org.scr4j.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the resources suite did, counted as it happened: the faults injected by kind, the
 * restarts that read the newest (or the previous) checkpoint bit for bit, the datasets that went
 * to another tier, the clear refusals, and the silent corruptions (data a restart handed over that
 * differs from what was written). Written as target/reliability/resources.json and one line
 * "RELIABILITY {json}" on stdout, from which docs/reliability.md is built.
 */
final class ResourcesTally {
    private final String suite;
    private final Map<String, Integer> faults = new TreeMap<>();
    private int trials;
    private int recovered;
    private int fallbacks;
    private int refused;
    private int silentCorruptions;

    ResourcesTally(String suite) {
        this.suite = suite;
    }

    synchronized void trial() {
        trials++;
    }

    synchronized void fault(String kind) {
        faults.merge(kind, 1, Integer::sum);
    }

    synchronized void recovered() {
        recovered++;
    }

    synchronized void fallback() {
        fallbacks++;
    }

    synchronized void refused() {
        refused++;
    }

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
                + ", \"fallbacks\": " + fallbacks + ", \"refused\": " + refused + ", \"silentCorruptions\": " + silentCorruptions + "}";
    }

    /** Writes target/reliability/SUITE.json (relative to the module, surefire's working directory) and prints the line. */
    void report() throws IOException {
        String json = json();
        Path file = Path.of("target", "reliability", suite + ".json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, json + "\n");
        System.out.println("RELIABILITY " + json);
    }
}
