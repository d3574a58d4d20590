package org.scr4j.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the ranks of one restart step read, held against what the writer recorded for every file
 * of every checkpoint ({@code WROTE} and {@code READ} lines of {@link CorruptionApp}).
 */
final class RestartReport {
    private final List<String> outputs;
    private final List<Optional<String>> restartedFrom = new ArrayList<>();
    private final List<String> differences = new ArrayList<>();

    private RestartReport(List<String> outputs, Map<String, String> written) {
        this.outputs = List.copyOf(outputs);
        for (int r = 0; r < outputs.size(); r++) {
            Optional<String> name = Optional.empty();
            int read = 0;
            for (String line : outputs.get(r).split("\n")) {
                String[] f = line.split(" ");
                if (f[0].equals("RESTARTED")) {
                    name = Optional.of(f[1]);
                } else if (f[0].equals("READ") && f.length == 5) {
                    read++;
                    String key = f[1] + " " + f[2];
                    String expected = written.get(key);
                    String found = f[3] + " " + f[4];
                    if (!found.equals(expected)) {
                        differences.add("rank " + r + " read " + key + " as " + found + " (size, CRC32C) but "
                                + (expected == null ? "no such file was written" : "the writer recorded " + expected));
                    }
                }
            }
            if (name.isPresent() && read != CorruptionApp.files(r).size()) {
                differences.add("rank " + r + " restarted from " + name.get() + " but read " + read + " files, not "
                        + CorruptionApp.files(r).size());
            }
            restartedFrom.add(name);
        }
    }

    /** The WROTE lines of a write step: "ckpt.N file" to "size crc32c". */
    static Map<String, String> written(List<String> outputs) {
        Map<String, String> written = new TreeMap<>();
        for (String out : outputs) {
            for (String line : out.split("\n")) {
                String[] f = line.split(" ");
                if (f[0].equals("WROTE") && f.length == 5) {
                    written.put(f[1] + " " + f[2], f[3] + " " + f[4]);
                }
            }
        }
        return written;
    }

    static RestartReport of(List<String> outputs, Map<String, String> written) {
        return new RestartReport(outputs, written);
    }

    /** Files handed to the application whose bytes differ from what was written for them. */
    List<String> differences() {
        return List.copyOf(differences);
    }

    /** The checkpoint every rank restarted from, empty if none did; an error if the ranks disagree. */
    Optional<String> restartedFrom() {
        if (restartedFrom.stream().distinct().count() != 1) {
            throw new AssertionError("the ranks restarted from different checkpoints: " + restartedFrom + "\n" + all());
        }
        return restartedFrom.get(0);
    }

    Tally.Outcome outcome(String newest) {
        Optional<String> from = restartedFrom();
        if (from.isEmpty()) {
            return Tally.Outcome.REFUSED;
        }
        return from.get().equals(newest) ? Tally.Outcome.RECOVERED : Tally.Outcome.FALLBACK;
    }

    String output(int rank) {
        return outputs.get(rank);
    }

    /** What the library logged on every rank (but the start-up line), each line once, indented. */
    String said() {
        StringBuilder s = new StringBuilder();
        outputs.stream().flatMap(String::lines).filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d .*") && !l.contains("scr4j started"))
                .distinct()
                .forEach(l -> s.append("    ").append(l).append('\n'));
        return s.toString();
    }

    /** Every rank's output, for messages and assertions on what the library said. */
    String all() {
        StringBuilder s = new StringBuilder();
        for (int r = 0; r < outputs.size(); r++) {
            s.append("---- rank ").append(r).append('\n').append(outputs.get(r)).append('\n');
        }
        return s.toString();
    }
}
