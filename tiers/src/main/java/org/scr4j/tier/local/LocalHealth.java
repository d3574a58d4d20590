package org.scr4j.tier.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.io.file.PathUtils;
import org.scr4j.tier.RelativePaths;
import org.scr4j.tier.TierHealth;
import org.scr4j.tier.TierSpec;

/** Checks a local tier directory by doing what a checkpoint will do: create, write and delete a file. */
final class LocalHealth {
    private LocalHealth() {
    }

    static TierHealth check(TierSpec spec, Path root) {
        List<String> problems = new ArrayList<>();
        String where = "tier '" + spec.name() + "' at " + root;
        if (!Files.isDirectory(root)) {
            problems.add(where + ": the directory does not exist. Fix: create it, or point scr.tier." + spec.name()
                    + ".base at an existing file system");
            return new TierHealth(spec.name(), problems);
        }
        Path probe = root.resolve(RelativePaths.TEMP_MARK + "health");
        try {
            Files.write(probe, new byte[] {1});
        } catch (IOException e) {
            // A full file system refuses the probe too: that is said below, with its own fix.
            if (!isFull(root)) {
                problems.add(where + ": not writable (" + e.getMessage() + "). Fix: make it writable by user "
                        + System.getProperty("user.name") + ", or point scr.tier." + spec.name() + ".base elsewhere");
            }
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException e) {
                problems.add(where + ": cannot delete the probe file " + probe + " (" + e.getMessage() + ")");
            }
        }
        try {
            long free = Files.getFileStore(root).getUsableSpace();
            if (free == 0) {
                problems.add(where + ": its file system is full (0 bytes free). Fix: free space there, or use another tier");
            }
            if (spec.capacity().isPresent()) {
                long used = PathUtils.sizeOfDirectory(root);
                if (used >= spec.capacity().getAsLong()) {
                    problems.add(where + ": " + used + " bytes used of its capacity of " + spec.capacity().getAsLong()
                            + ". Fix: delete datasets, or raise scr.tier." + spec.name() + ".capacity");
                }
            }
        } catch (IOException e) {
            problems.add(where + ": cannot read its free space (" + e.getMessage() + ")");
        }
        return new TierHealth(spec.name(), problems);
    }

    private static boolean isFull(Path root) {
        try {
            return Files.getFileStore(root).getUsableSpace() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
