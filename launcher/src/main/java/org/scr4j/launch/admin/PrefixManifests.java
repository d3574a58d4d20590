package org.scr4j.launch.admin;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.scr4j.control.ControlDirectory;
import org.scr4j.dataset.Manifest;
import org.scr4j.dataset.ManifestCodec;

/**
 * The manifests of flushed datasets, {@code <prefix>/.scr4j/datasets/<id>/rank.<R>.json}: they are
 * what a flush writes last, so they, not the index, say what the prefix holds.
 */
final class PrefixManifests {
    private static final Pattern ID = Pattern.compile("\\d{1,18}");
    private static final Pattern RANK_FILE = Pattern.compile("rank\\.(\\d{1,9})\\.json");

    private final ControlDirectory control;
    private final FileSystem fs;
    private final Path root;

    PrefixManifests(ControlDirectory control) {
        this.control = requireNonNull(control, "control is null");
        this.fs = control.fileSystem();
        this.root = new Path(control.path(), "datasets");
    }

    /** The newest dataset id whose manifests carry this name, or an error that lists the names there are. */
    long find(String name) throws IOException {
        requireNonNull(name, "name is null");
        TreeSet<String> names = new TreeSet<>();
        List<String> unreadable = new ArrayList<>();
        OptionalLong found = OptionalLong.empty();
        for (long id : ids()) {
            TreeMap<Integer, Path> ranks = rankFiles(id);
            if (ranks.isEmpty()) {
                continue;
            }
            Path first = ranks.firstEntry().getValue();
            try {
                String named = read(first).dataset().name();
                names.add(named);
                if (named.equals(name)) {
                    found = OptionalLong.of(id); // ids ascend: the last match is the newest
                }
            } catch (IOException e) {
                unreadable.add(e.getMessage());
            }
        }
        if (found.isPresent()) {
            return found.getAsLong();
        }
        throw new IllegalArgumentException("no manifests of a dataset named '" + name + "' in " + root
                + (names.isEmpty() ? ": there are none" : "; there are manifests of: " + String.join(", ", names))
                + (unreadable.isEmpty() ? "" : "; these could not be read: " + String.join("; ", unreadable)));
    }

    /**
     * Every rank's manifest of dataset {@code id}; an {@link IOException} listing every missing,
     * damaged or disagreeing one.
     */
    FlushedDataset load(long id) throws IOException {
        TreeMap<Integer, Path> files = rankFiles(id);
        if (files.isEmpty()) {
            throw new IOException("no manifests in " + directory(id));
        }
        Manifest first = read(files.firstEntry().getValue());
        int ranks = first.dataset().ranks();
        List<String> problems = new ArrayList<>();
        List<Manifest> manifests = new ArrayList<>();
        long newest = 0;
        for (int rank = 0; rank < ranks; rank++) {
            Path file = files.remove(rank);
            if (file == null) {
                problems.add("rank " + rank + "'s manifest " + new Path(directory(id), "rank." + rank + ".json") + " is missing");
                continue;
            }
            try {
                Manifest m = read(file);
                if (!m.dataset().equals(first.dataset()) || m.rank() != rank) {
                    problems.add(file + " describes rank " + m.rank() + " of " + m.dataset() + ", not rank " + rank + " of "
                            + first.dataset());
                    continue;
                }
                manifests.add(m);
                newest = Math.max(newest, fs.getFileStatus(file).getModificationTime());
            } catch (IOException e) {
                problems.add(e.getMessage());
            }
        }
        files.forEach((rank, file) -> problems.add(file + " is for rank " + rank + ", outside the dataset's " + ranks + " ranks"));
        if (!problems.isEmpty()) {
            throw new IOException(first.dataset().label() + " on the prefix is incomplete:\n  " + String.join("\n  ", problems));
        }
        return new FlushedDataset(first.dataset(), manifests, Instant.ofEpochMilli(newest));
    }

    private Path directory(long id) {
        return new Path(root, Long.toString(id));
    }

    private List<Long> ids() throws IOException {
        List<Long> ids = new ArrayList<>();
        if (!fs.exists(root)) {
            return ids;
        }
        for (FileStatus s : fs.listStatus(root)) {
            if (s.isDirectory() && ID.matcher(s.getPath().getName()).matches()) {
                ids.add(Long.parseLong(s.getPath().getName()));
            }
        }
        ids.sort(null);
        return ids;
    }

    private TreeMap<Integer, Path> rankFiles(long id) throws IOException {
        TreeMap<Integer, Path> ranks = new TreeMap<>();
        Path dir = directory(id);
        if (!fs.exists(dir)) {
            return ranks;
        }
        for (FileStatus s : fs.listStatus(dir)) {
            Matcher m = RANK_FILE.matcher(s.getPath().getName());
            if (s.isFile() && m.matches()) {
                ranks.put(Integer.parseInt(m.group(1)), s.getPath());
            }
        }
        return ranks;
    }

    private Manifest read(Path file) throws IOException {
        Optional<byte[]> bytes = control.read(file);
        if (bytes.isEmpty()) {
            throw new IOException("manifest " + file + " vanished while it was read");
        }
        return ManifestCodec.decode(bytes.get(), file.toString());
    }
}
