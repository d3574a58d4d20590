package org.scr4j.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.apache.hadoop.conf.Configuration;
import org.scr4j.control.ControlDirectory;
import org.scr4j.control.Index;
import org.scr4j.control.IndexEntry;
import org.scr4j.dataset.DatasetInfo;
import org.scr4j.dataset.FileEntry;
import org.scr4j.dataset.Manifest;
import org.scr4j.dataset.ManifestCodec;
import org.scr4j.erasure.Crc32c;

/**
 * A prefix laid out as a flush leaves it: {@code <prefix>/<name>/rank.R/...} files with random
 * content and each rank's manifest, with their real sizes and CRC32C, in .scr4j/datasets/<id>/.
 */
final class PrefixFixture {
    private final Path prefix;
    private final Random random = new Random(42);

    PrefixFixture(Path prefix) {
        this.prefix = prefix;
    }

    /** Writes the files and manifests of a dataset of {@code ranks} ranks, two files each; returns its index entry. */
    IndexEntry flush(long id, String name, long checkpointId, boolean checkpoint, boolean output, int ranks) throws IOException {
        DatasetInfo info = new DatasetInfo(id, name, checkpointId, checkpoint, output, "ram", "XOR", ranks);
        Path manifests = Files.createDirectories(prefix.resolve(".scr4j/datasets/" + id));
        for (int rank = 0; rank < ranks; rank++) {
            List<FileEntry> files = new ArrayList<>();
            for (String file : List.of("rank." + rank + "/state.bin", "rank." + rank + "/meta/step.txt")) {
                byte[] bytes = new byte[1000 + random.nextInt(5000)];
                random.nextBytes(bytes);
                Path target = prefix.resolve(name).resolve(file);
                Files.createDirectories(target.getParent());
                Files.write(target, bytes);
                files.add(new FileEntry(file, bytes.length, Crc32c.of(bytes)));
            }
            Manifest m = new Manifest(info, rank, files, Instant.parse("2026-11-21T10:00:00Z"), Instant.parse("2026-11-21T10:00:05Z"));
            Files.write(manifests.resolve("rank." + rank + ".json"), ManifestCodec.encode(m));
        }
        return new IndexEntry(id, name, checkpointId, checkpoint, output, ranks, true,
                Optional.of(Instant.parse("2026-11-21T10:00:0" + id % 10 + "Z")), Optional.empty());
    }

    Path file(String name, String path) {
        return prefix.resolve(name).resolve(path);
    }

    Path manifest(long id, int rank) {
        return prefix.resolve(".scr4j/datasets/" + id + "/rank." + rank + ".json");
    }

    Index index() throws IOException {
        ControlDirectory control = ControlDirectory.open(prefix.toUri(), new Configuration());
        try {
            return control.index().read();
        } finally {
            control.fileSystem().close();
        }
    }

    Index updateIndex(UnaryOperator<Index> change) throws IOException {
        ControlDirectory control = ControlDirectory.open(prefix.toUri(), new Configuration());
        try {
            return control.index().update(change);
        } finally {
            control.fileSystem().close();
        }
    }
}
