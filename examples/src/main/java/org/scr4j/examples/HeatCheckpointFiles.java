package org.scr4j.examples;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of one rank in a checkpoint {@code heat.<step>}, and their formats: {@code
 * rank.<r>/field.bin} (the rank's rows [lo, hi) as big-endian doubles), {@code rank.<r>/meta/step.txt}
 * (step and row range) and, from rank 0 only, {@code params.txt} (grid size and ranks). The text
 * files are {@code key=value} lines. Reading checks that the checkpoint fits this run, so a wrong
 * one is refused with a reason instead of being loaded.
 *
 * <p>Every method takes the {@link Path} that scr4j's {@code route()} gave for the file: this class
 * knows what goes in a file, not where the file is.
 */
record HeatCheckpointFiles(int size, int ranks, int rank, int lo, int hi) {
    /** Written by rank 0 only: one copy per checkpoint is enough. */
    static final String PARAMS_FILE = "params.txt";
    private static final Pattern CHECKPOINT_NAME = Pattern.compile("heat\\.(\\d+)");

    /** A checkpoint of this program that does not fit this run. */
    static final class BadCheckpointException extends Exception {
        BadCheckpointException(String message) {
            super(message);
        }
    }

    /** The name of the checkpoint taken after {@code step} steps. */
    static String checkpointName(int step) {
        return "heat." + step;
    }

    /** The step in a checkpoint's name. */
    static int stepOf(String name) throws BadCheckpointException {
        Matcher m = CHECKPOINT_NAME.matcher(name);
        if (!m.matches()) {
            throw new BadCheckpointException("'" + name + "' is not a checkpoint of " + HeatDiffusion.NAME + " (heat.<step>)");
        }
        return Integer.parseInt(m.group(1));
    }

    String fieldFile() {
        return "rank." + rank + "/field.bin";
    }

    String metaFile() {
        return "rank." + rank + "/meta/step.txt";
    }

    void writeField(Path file, double[] field) throws IOException {
        ByteBuffer rows = ByteBuffer.allocate((hi - lo) * size * Double.BYTES);
        rows.asDoubleBuffer().put(field, lo * size, (hi - lo) * size);
        write(file, rows.array());
    }

    void writeMeta(Path file, int step) throws IOException {
        writeText(file, "step=" + step + "\nrank=" + rank
                + "\nranks=" + ranks + "\nsize=" + size + "\nrow.start=" + lo + "\nrow.end=" + hi + "\n");
    }

    void writeParams(Path file) throws IOException {
        writeText(file, "size=" + size + "\nranks=" + ranks
                + "\nalpha=" + HeatField.ALPHA + "\ntop=" + HeatField.TOP + "\n");
    }

    /** Refuses a checkpoint written with another grid size or number of ranks. */
    void checkParams(Path file) throws IOException, BadCheckpointException {
        Map<String, String> p = readKeyValues(file);
        int writtenSize = intValue(p, "size", PARAMS_FILE);
        int writtenRanks = intValue(p, "ranks", PARAMS_FILE);
        if (writtenSize != size || writtenRanks != ranks) {
            throw new BadCheckpointException("it was written by a run with --size " + writtenSize + " --ranks " + writtenRanks
                    + ", this run has --size " + size + " --ranks " + ranks
                    + "; restart with the same size and ranks, or use another SCR_PREFIX");
        }
    }

    /** Refuses a meta file that is not this rank's at {@code step}. */
    void checkMeta(Path file, int step) throws IOException, BadCheckpointException {
        Map<String, String> meta = readKeyValues(file);
        int metaStep = intValue(meta, "step", "meta/step.txt");
        if (metaStep != step || intValue(meta, "rank", "meta/step.txt") != rank
                || intValue(meta, "size", "meta/step.txt") != size
                || intValue(meta, "ranks", "meta/step.txt") != ranks
                || intValue(meta, "row.start", "meta/step.txt") != lo
                || intValue(meta, "row.end", "meta/step.txt") != hi) {
            throw new BadCheckpointException(metaFile() + " says " + meta
                    + ", expected step=" + step + " rank=" + rank + " size=" + size + " ranks=" + ranks
                    + " rows " + lo + ".." + hi);
        }
    }

    /** Reads the rank's rows into {@code field}. */
    void readField(Path file, double[] field) throws IOException, BadCheckpointException {
        byte[] bytes = Files.readAllBytes(file);
        int expected = (hi - lo) * size * Double.BYTES;
        if (bytes.length != expected) {
            throw new BadCheckpointException(file + " has " + bytes.length + " bytes, expected " + expected);
        }
        ByteBuffer.wrap(bytes).asDoubleBuffer().get(field, lo * size, (hi - lo) * size);
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Path dir = file.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.write(file, bytes);
    }

    private static void writeText(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> readKeyValues(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return values;
    }

    private static int intValue(Map<String, String> values, String key, String file) throws BadCheckpointException {
        String text = values.get(key);
        if (text == null) {
            throw new BadCheckpointException(file + " has no " + key);
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new BadCheckpointException(file + ": " + key + " is '" + text + "', not a whole number");
        }
    }
}
