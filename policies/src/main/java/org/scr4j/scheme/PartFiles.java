package org.scr4j.scheme;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.commons.io.file.PathUtils;
import org.scr4j.dataset.FileEntry;
import org.scr4j.tier.TierWriter;
import org.scr4j.tier.local.Directories;

/**
 * Where a scheme's files live in a rank's part: local paths on the cache tier (schemes stream
 * through FileChannels), the header, and clearing and listing {@code redundancy/}.
 */
final class PartFiles {
    private PartFiles() {
    }

    /** The local path of a tier path in the part; cache tiers always have one. */
    static Path local(RankPart part, String tierPath) {
        return part.tier().localPath(part.directory(), tierPath).orElseThrow(() -> new IllegalStateException("tier '"
                + part.tier().name() + "' has no local directory, so no redundancy scheme can stream through it. Fix: put"
                + " cache levels on a ramdisk, ssd or nvram tier"));
    }

    static List<Path> dataFiles(RankPart part, List<FileEntry> files) {
        return files.stream().map(f -> local(part, part.file(f.path()))).toList();
    }

    static List<Long> sizes(List<FileEntry> files) {
        return files.stream().map(FileEntry::size).toList();
    }

    /** Creates {@code redundancy/} (and the part's directory, on a rank being rebuilt). */
    static void createRedundancyDirectory(RankPart part) throws IOException {
        part.tier().createDataset(part.directory());
        Files.createDirectories(local(part, part.redundancy(SchemeHeader.FILE)).getParent(), Directories.PRIVATE);
    }

    /** Deletes everything a scheme added to the part. */
    static void clear(RankPart part) throws IOException {
        Path dir = local(part, part.redundancy(SchemeHeader.FILE)).getParent();
        if (Files.exists(dir)) {
            PathUtils.deleteDirectory(dir);
        }
    }

    /** Deletes what a failed rebuild wrote into a lost rank's part, leaving it empty as it was. */
    static void discard(RankPart part) throws IOException {
        Path dir = local(part, part.redundancy(SchemeHeader.FILE)).getParent().getParent();
        for (String sub : List.of(RankPart.FILES, RankPart.REDUNDANCY)) {
            Path p = dir.resolve(sub);
            if (Files.exists(p)) {
                PathUtils.deleteDirectory(p);
            }
        }
    }

    /** The tier paths under {@code redundancy/}, sorted. */
    static List<String> list(RankPart part) throws IOException {
        return part.tier().listFiles(part.directory()).stream().filter(f -> f.startsWith(RankPart.REDUNDANCY)).toList();
    }

    /** The part's header, or empty if it has none. */
    static Optional<SchemeHeader> readHeader(RankPart part) throws IOException {
        String path = part.redundancy(SchemeHeader.FILE);
        byte[] bytes;
        try (InputStream in = part.tier().open(part.directory(), path)) {
            bytes = in.readAllBytes();
        } catch (FileNotFoundException | NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(HeaderCodec.decode(bytes, part.tier().location() + part.directory() + "/" + path));
    }

    /** Writes the header durably and atomically, the last file of a scheme's work. */
    static void writeHeader(RankPart part, SchemeHeader header) throws IOException {
        try (TierWriter out = part.tier().create(part.directory(), part.redundancy(SchemeHeader.FILE))) {
            out.write(HeaderCodec.encode(header));
            out.commit();
        }
    }

    /** Forces a file written through its local path, and its directory, to stable storage. */
    static void sync(RankPart part, String tierPath) throws IOException {
        part.tier().sync(part.directory(), tierPath);
    }
}
