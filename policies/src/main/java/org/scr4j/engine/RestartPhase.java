package org.scr4j.engine;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.stream.Collectors;
import org.scr4j.Restart;
import org.scr4j.dataset.FileEntry;
import org.scr4j.dataset.Manifest;
import org.scr4j.tier.RelativePaths;

/** This rank's view of the checkpoint being read: every routed file is one its manifest lists. */
final class RestartPhase implements Restart {
    private final Engine engine;
    private final CachedDataset dataset;
    private final Manifest manifest;
    private boolean completed;

    RestartPhase(Engine engine, CachedDataset dataset, Manifest manifest) {
        this.engine = requireNonNull(engine, "engine is null");
        this.dataset = requireNonNull(dataset, "dataset is null");
        this.manifest = requireNonNull(manifest, "manifest is null");
    }

    CachedDataset dataset() {
        return dataset;
    }

    @Override
    public Path route(String relativePath) {
        if (completed) {
            throw new IllegalStateException("route('" + relativePath + "') after complete() of the restart from "
                    + dataset.info().label() + ": the restart is over");
        }
        String file = RelativePaths.checkFile(relativePath);
        if (manifest.file(file).isEmpty()) {
            throw new IllegalArgumentException("checkpoint " + dataset.info().label() + " has no file '" + file + "' written by rank "
                    + manifest.rank() + "; it has: " + manifest.files().stream().map(FileEntry::path).limit(20)
                            .collect(Collectors.joining(", ")) + (manifest.files().size() > 20 ? ", ..." : ""));
        }
        return engine.cachePath(dataset.info(), file, false);
    }

    @Override
    public boolean complete(boolean valid) {
        if (completed) {
            throw new IllegalStateException("complete() was already called for the restart from " + dataset.info().label());
        }
        completed = true;
        return engine.completeRestart(this, valid);
    }

    @Override
    public void close() {
        if (!completed) {
            complete(false);
        }
    }
}
