package org.scr4j.control;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One dataset the prefix knows. checkpointId is 0 for a pure output. {@code flushed} is when every
 * rank's files reached the prefix; {@code failed} is why the dataset must not be used (a failed
 * flush, a fetch that found it damaged), so that a restart skips it without deleting evidence.
 */
public record IndexEntry(long id, String name, long checkpointId, boolean checkpoint, boolean output, int ranks,
        boolean complete, Optional<Instant> flushed, Optional<String> failed) {

    public IndexEntry {
        requireNonNull(name, "name is null");
        requireNonNull(flushed, "flushed is null");
        requireNonNull(failed, "failed is null");
        if (id < 1) {
            throw new IllegalArgumentException("a dataset id is at least 1, not " + id + " (dataset " + name + ")");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("dataset " + id + " has an empty name");
        }
        if (ranks < 1) {
            throw new IllegalArgumentException("dataset " + id + " (" + name + ") has " + ranks + " ranks, not at least 1");
        }
        if (!checkpoint && !output) {
            throw new IllegalArgumentException("dataset " + id + " (" + name + ") is neither a checkpoint nor an output");
        }
        if (checkpoint ? checkpointId < 1 : checkpointId != 0) {
            throw new IllegalArgumentException("dataset " + id + " (" + name + ") has checkpointId " + checkpointId
                    + (checkpoint ? ", but a checkpoint's is at least 1" : ", but a pure output's is 0"));
        }
        if (failed.isPresent() && failed.get().isBlank()) {
            throw new IllegalArgumentException("dataset " + id + " (" + name + ") is marked failed without a reason");
        }
    }

    public IndexEntry withFlushed(Instant when) {
        requireNonNull(when, "when is null");
        return new IndexEntry(id, name, checkpointId, checkpoint, output, ranks, complete, Optional.of(when), failed);
    }

    public IndexEntry withFailed(String reason) {
        requireNonNull(reason, "reason is null");
        return new IndexEntry(id, name, checkpointId, checkpoint, output, ranks, complete, flushed, Optional.of(reason));
    }

    public boolean isFlushed() {
        return flushed.isPresent();
    }

    public boolean isFailed() {
        return failed.isPresent();
    }
}
