package org.scr4j.inspect;

import static java.util.Objects.requireNonNull;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.scr4j.dataset.FileEntry;
import org.scr4j.dataset.Manifest;
import org.scr4j.dataset.ManifestCodec;
import org.scr4j.scheme.RankPart;
import org.scr4j.scheme.RecoveryGroup;
import org.scr4j.scheme.RedundancyScheme;
import org.scr4j.scheme.SchemeRegistry;
import org.scr4j.tier.StorageTier;

/**
 * Describes one part directory of a cache tier, reading only its manifest, its redundancy header
 * and the sizes of its files: nothing is changed, and no file's content is read (a restart checks
 * every CRC32C; a listing only has to be quick).
 */
final class PartInspector {
    /** The manifest's name in a part (the layout docs/api.md documents; the engine writes it last). */
    static final String MANIFEST = "manifest.json";

    private final String node;
    private final SchemeRegistry schemes;

    PartInspector(String node, SchemeRegistry schemes) {
        this.node = requireNonNull(node, "node is null");
        this.schemes = requireNonNull(schemes, "schemes is null");
    }

    PartListing inspect(StorageTier tier, String directory, long datasetId, int rank) throws IOException {
        Map<String, Long> sizes = new HashMap<>();
        int files = 0;
        long bytes = 0;
        long redundancyBytes = 0;
        for (String path : tier.listFiles(directory)) {
            long size = tier.length(directory, path);
            sizes.put(path, size);
            if (path.startsWith(RankPart.FILES)) {
                files++;
                bytes += size;
            } else if (path.startsWith(RankPart.REDUNDANCY)) {
                redundancyBytes += size;
            }
        }
        String where = "dataset " + datasetId + " rank " + rank + " (" + tier.location() + directory + ")";
        Optional<Manifest> manifest;
        Optional<String> problem;
        try {
            manifest = readManifest(tier, directory, datasetId, rank, where);
            problem = manifest.isEmpty() ? Optional.of("it has no " + MANIFEST + ": rank " + rank + " never completed this"
                    + " dataset (the job stopped while writing it); the job's next run deletes it") : filesProblem(manifest.get(), sizes);
        } catch (IOException e) {
            manifest = Optional.empty();
            problem = Optional.of(e.getMessage() + "; the job's next run deletes this part");
        }
        if (manifest.isEmpty()) {
            return new PartListing(node, tier.name(), directory, datasetId, rank, Optional.empty(), files, bytes, redundancyBytes,
                    problem, List.of(), Optional.empty());
        }
        List<RecoveryGroup> groups = List.of();
        Optional<String> redundancyProblem = Optional.empty();
        try {
            RedundancyScheme scheme = schemes.get(manifest.get().dataset().scheme());
            groups = scheme.recoveryGroups(new RankPart(manifest.get().dataset(), rank, tier, directory));
        } catch (IOException | IllegalArgumentException e) {
            redundancyProblem = Optional.of(e.getMessage());
        }
        return new PartListing(node, tier.name(), directory, datasetId, rank, Optional.of(manifest.get().dataset()), files, bytes,
                redundancyBytes, problem, groups, redundancyProblem);
    }

    /** The part's manifest, empty if it has none; an IOException says why one that exists cannot be used. */
    private static Optional<Manifest> readManifest(StorageTier tier, String directory, long datasetId, int rank, String where)
            throws IOException {
        Manifest manifest;
        try (InputStream in = tier.open(directory, MANIFEST)) {
            manifest = ManifestCodec.decode(in.readAllBytes(), tier.location() + directory + "/" + MANIFEST);
        } catch (FileNotFoundException | NoSuchFileException e) {
            return Optional.empty();
        }
        if (manifest.dataset().id() != datasetId || manifest.rank() != rank || !manifest.dataset().tier().equals(tier.name())) {
            throw new IOException("the " + MANIFEST + " of " + where + " belongs to dataset " + manifest.dataset().id() + " rank "
                    + manifest.rank() + " on tier '" + manifest.dataset().tier() + "', not to this directory on tier '"
                    + tier.name() + "'");
        }
        return Optional.of(manifest);
    }

    /** Each file the manifest lists must be on disk with its size; the CRC32C is left to the restart, which reads it anyway. */
    private static Optional<String> filesProblem(Manifest manifest, Map<String, Long> sizes) {
        List<String> wrong = new ArrayList<>();
        for (FileEntry f : manifest.files()) {
            Long size = sizes.get(RankPart.FILES + f.path());
            if (size == null) {
                wrong.add("'" + f.path() + "' is missing");
            } else if (size != f.size()) {
                wrong.add("'" + f.path() + "' has " + size + " bytes, not " + f.size());
            }
        }
        if (wrong.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("its files disagree with its manifest: " + String.join(", ", wrong) + "; a restart rebuilds this part"
                + " from the other ranks' redundancy if it can");
    }
}
