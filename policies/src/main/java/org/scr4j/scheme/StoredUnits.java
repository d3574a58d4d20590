package org.scr4j.scheme;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.scr4j.erasure.Crc32c;

/**
 * Checks a surviving member's parity files against the sizes and CRC32C its header recorded,
 * before a rebuild counts on them: a member whose parity is damaged is then known to be
 * unavailable from the start, so a code with parity to spare (RS) rebuilds around it instead of
 * failing halfway, and one without (XOR) says up front which file stops it. Only a unit's own
 * bytes are read, as a rebuild reads them: bytes appended after it are never used.
 */
final class StoredUnits {
    private static final int BLOCK = 1 << 20;

    private StoredUnits() {
    }

    /** What is wrong with the part's parity files, or null when every unit reads back as recorded. */
    static String problem(RankPart part, SchemeHeader header) throws IOException {
        for (SchemeHeader.StoredFile f : header.stored()) {
            String problem = check(part, f);
            if (problem != null) {
                return "parity file " + f.path() + " " + problem;
            }
        }
        return null;
    }

    private static String check(RankPart part, SchemeHeader.StoredFile f) throws IOException {
        CRC32C crc = new CRC32C();
        try (FileChannel in = FileChannel.open(PartFiles.local(part, f.path()), StandardOpenOption.READ)) {
            long size = in.size();
            if (size < f.size()) {
                return "has " + size + " bytes but holds a unit of " + f.size() + ": it was cut short";
            }
            ByteBuffer block = ByteBuffer.allocate((int) Math.min(BLOCK, Math.max(1, f.size())));
            for (long left = f.size(); left > 0; ) {
                block.clear().limit((int) Math.min(block.capacity(), left));
                int n = in.read(block, f.size() - left);
                if (n < 0) {
                    return "ends before its unit of " + f.size() + " bytes: it was cut short";
                }
                crc.update(block.flip());
                left -= n;
            }
        } catch (NoSuchFileException e) {
            return "is missing";
        }
        return crc.getValue() == f.crc32c() ? null : "is damaged: its CRC32C is " + Crc32c.hex(crc.getValue())
                + " but its header recorded " + Crc32c.hex(f.crc32c());
    }
}
