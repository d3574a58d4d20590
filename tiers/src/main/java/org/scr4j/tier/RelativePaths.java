package org.scr4j.tier;

import java.nio.file.Path;

/**
 * Checks the names a tier is handed: a dataset is one path component, a file a relative path
 * inside the dataset. Anything absolute, empty, with "." or ".." components, or with a backslash
 * is refused before it reaches a file system, so no name can leave the dataset's directory.
 */
public final class RelativePaths {
    /** Temporary files carry this in their name; they are never listed as dataset files. */
    public static final String TEMP_MARK = ".scr4j-tmp-";

    private RelativePaths() {
    }

    public static String checkDataset(String dataset) {
        checkNotBlank(dataset, "dataset name");
        if (dataset.contains("/")) {
            throw new IllegalArgumentException("dataset name '" + dataset + "' must be a single path component, without '/'");
        }
        checkComponent(dataset, dataset, "dataset name");
        return dataset;
    }

    /** Returns the file path normalised to '/' separators, or throws naming what is wrong. */
    public static String checkFile(String file) {
        checkNotBlank(file, "file path");
        if (file.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("file path '" + file.replace('\0', '?') + "' contains a NUL character");
        }
        if (file.startsWith("/") || Path.of(file).isAbsolute()) {
            throw new IllegalArgumentException("file path '" + file
                    + "' is absolute: give a path relative to the dataset, such as 'state.bin' or 'part/0.bin'");
        }
        for (String component : file.split("/", -1)) {
            checkComponent(component, file, "file path");
        }
        return file;
    }

    /** Resolves a checked relative path under a directory, refusing anything that would escape it. */
    public static Path resolve(Path directory, String relative) {
        Path resolved = directory.resolve(relative).normalize();
        if (!resolved.startsWith(directory.normalize())) {
            throw new IllegalArgumentException("path '" + relative + "' resolves outside " + directory);
        }
        return resolved;
    }

    private static void checkNotBlank(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
    }

    private static void checkComponent(String component, String whole, String what) {
        if (component.isEmpty()) {
            throw new IllegalArgumentException(what + " '" + whole + "' has an empty component ('//' or a trailing '/')");
        }
        if (component.equals(".") || component.equals("..")) {
            throw new IllegalArgumentException(what + " '" + whole + "' contains '" + component
                    + "': paths may not step outside the dataset");
        }
        if (component.indexOf('\\') >= 0 || component.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " '" + whole + "' contains a backslash or NUL character");
        }
        if (component.contains(TEMP_MARK)) {
            throw new IllegalArgumentException(what + " '" + whole + "' contains '" + TEMP_MARK
                    + "', which scr4j keeps for its temporary files");
        }
    }
}
