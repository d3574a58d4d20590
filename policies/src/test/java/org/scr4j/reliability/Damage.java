package org.scr4j.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Consumer;

/** What a failing disk, a stray process or a person does to a file, done in place. */
final class Damage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Damage() {
    }

    /** Inverts one bit in the middle of the file; its length stays. */
    static void flipBit(Path file) throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            throw new IllegalArgumentException(file + " is empty: there is no bit to flip");
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(size / 2);
            int b = f.read();
            f.seek(size / 2);
            f.write(b ^ 0x08);
        }
    }

    /** Cuts the file to half its length, as a write cut off by a crash or a full disk. */
    static void truncate(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
    }

    /** Appends one byte. */
    static void appendByte(Path file) throws IOException {
        Files.write(file, new byte[] {42}, StandardOpenOption.APPEND);
    }

    /** Keeps the first half of a text file: JSON cut short. */
    static void cutShort(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
    }

    /** Rewrites a JSON file (a manifest) with one change. */
    static void editJson(Path file, Consumer<ObjectNode> change) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(Files.readAllBytes(file));
        change.accept(root);
        Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }
}
