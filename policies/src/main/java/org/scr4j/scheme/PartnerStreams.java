package org.scr4j.scheme;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Function;
import java.util.zip.CRC32C;
import org.scr4j.dataset.FileEntry;
import org.scr4j.dataset.Manifest;
import org.scr4j.dataset.ManifestCodec;
import org.scr4j.erasure.Crc32c;
import org.scr4j.fault.CrashPoints;
import org.scr4j.group.Exchange;
import org.scr4j.tier.local.Directories;

/**
 * A rank's files sent whole to another rank: its manifest, then every file in manifest order,
 * straight from the file (sendFile). The receiver writes each file where it is told, checks its
 * CRC32C against the manifest as the bytes arrive, and makes it durable.
 */
final class PartnerStreams {
    private PartnerStreams() {
    }

    /**
     * Sends {@code manifest} and the files it lists, which are at {@code paths}.
     *
     * @param sentPoint the crash point reached after each piece of a file is sent
     */
    static void send(Exchange exchange, int to, Manifest manifest, List<Path> paths, String sentPoint) throws IOException {
        Messages.sendBytes(exchange, to, ManifestCodec.encode(manifest));
        for (int i = 0; i < paths.size(); i++) {
            FileEntry f = manifest.files().get(i);
            try (FileChannel in = FileChannel.open(paths.get(i), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                if (in.size() != f.size()) {
                    throw new IOException(paths.get(i) + " holds " + in.size() + " bytes but its manifest says " + f.size()
                            + ": it was changed after it was written");
                }
                for (long at = 0; at < f.size(); at += Exchange.MAX_MESSAGE) {
                    exchange.sendFile(to, in, at, Math.min(Exchange.MAX_MESSAGE, f.size() - at));
                    CrashPoints.reach(sentPoint);
                }
            }
        }
    }

    /**
     * Receives a manifest and its files from {@code from}, writing each file at the tier path
     * {@code target} gives it.
     *
     * @param origin how a damaged file's message names where it came from, such as "rank 3's copy"
     * @return the manifest received
     */
    static Manifest receive(Exchange exchange, int from, RankPart part, Function<FileEntry, String> target, String origin)
            throws IOException {
        Manifest manifest = ManifestCodec.decode(Messages.receiveBytes(exchange, from), "the manifest rank " + from + " sent");
        for (FileEntry f : manifest.files()) {
            String tierPath = target.apply(f);
            Path path = PartFiles.local(part, tierPath);
            Files.createDirectories(path.getParent(), Directories.PRIVATE);
            CRC32C crc = new CRC32C();
            try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
                long at = 0;
                while (at < f.size()) {
                    try (Exchange.Message m = exchange.receive(from)) {
                        int n = m.data().remaining();
                        if (at + n > f.size()) {
                            throw Messages.overrun(from, f.size(), at + n);
                        }
                        crc.update(m.data().duplicate());
                        try {
                            for (var src = m.data().duplicate(); src.hasRemaining(); ) {
                                out.write(src, at + (n - src.remaining()));
                            }
                        } catch (IOException e) {
                            // The file system's own words ("No space left on device") do not say which file.
                            throw new IOException("cannot write " + path + " (" + origin + "): " + e.getMessage(), e);
                        }
                        at += n;
                    }
                }
            }
            if (crc.getValue() != f.crc32c()) {
                throw new IOException("file '" + f.path() + "' of rank " + manifest.rank() + " from " + origin + " has CRC32C "
                        + Crc32c.hex(crc.getValue()) + " but its manifest says " + f.crcHex() + ": " + origin
                        + " is damaged, so it was not kept");
            }
            PartFiles.sync(part, tierPath);
        }
        return manifest;
    }
}
