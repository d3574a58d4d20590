package org.scr4j.plugin.throttled;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.scr4j.tier.TierWriter;
import org.scr4j.tier.local.Directories;

/**
 * Writes a new file under a temporary name at the tier's bandwidth. Commit is what the built-in
 * tiers do: fsync the file, rename it into place atomically, fsync its directory.
 */
final class PacedWriter extends TierWriter {
    private final Path temp;
    private final Path target;
    private final Pacer pacer;
    private final FileChannel channel;
    private boolean committed;

    PacedWriter(Path temp, Path target, Pacer pacer) throws IOException {
        this.temp = requireNonNull(temp, "temp is null");
        this.target = requireNonNull(target, "target is null");
        this.pacer = requireNonNull(pacer, "pacer is null");
        this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        long started = pacer.now();
        ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        pacer.pace(started, len);
    }

    @Override
    public void commit() throws IOException {
        channel.force(true);
        channel.close();
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Directories.fsync(target.getParent());
        committed = true;
    }

    /** Without a commit, the temporary file is discarded: nothing of a failed write stays behind. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            channel.close();
            Files.deleteIfExists(temp);
        }
    }
}
