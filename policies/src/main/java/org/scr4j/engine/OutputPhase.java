package org.scr4j.engine;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.scr4j.Output;
import org.scr4j.dataset.DatasetInfo;
import org.scr4j.fault.CrashPoints;
import org.scr4j.tier.RelativePaths;

/** This rank's side of a dataset being written; the engine does the collective work of completing it. */
final class OutputPhase implements Output {
    private final Engine engine;
    private final DatasetInfo dataset;
    private final Protection protection;
    private final Instant started;
    private final long startNanos;
    private final Set<String> routed = new LinkedHashSet<>();
    private boolean completed;

    OutputPhase(Engine engine, DatasetInfo dataset, Protection protection) {
        this.engine = requireNonNull(engine, "engine is null");
        this.dataset = requireNonNull(dataset, "dataset is null");
        this.protection = requireNonNull(protection, "protection is null");
        this.started = Instant.now();
        this.startNanos = System.nanoTime();
    }

    DatasetInfo dataset() {
        return dataset;
    }

    Protection protection() {
        return protection;
    }

    Instant started() {
        return started;
    }

    long startNanos() {
        return startNanos;
    }

    Set<String> routed() {
        return Set.copyOf(routed);
    }

    @Override
    public Path route(String relativePath) {
        if (completed) {
            throw new IllegalStateException("route('" + relativePath + "') after complete() of dataset " + dataset.label()
                    + ": the dataset is closed; start a new one with startOutput()");
        }
        String file = RelativePaths.checkFile(relativePath);
        if (!routed.isEmpty()) {
            CrashPoints.reach(CrashPoints.AFTER_FILE);
        }
        Path path = engine.cachePath(dataset, file, true);
        routed.add(file);
        return path;
    }

    @Override
    public boolean complete(boolean valid) {
        if (completed) {
            throw new IllegalStateException("complete() was already called for dataset " + dataset.label()
                    + "; start a new one with startOutput()");
        }
        completed = true;
        if (valid && !routed.isEmpty()) {
            CrashPoints.reach(CrashPoints.AFTER_FILE);
        }
        return engine.completeOutput(this, valid);
    }

    @Override
    public void close() {
        if (!completed) {
            complete(false);
        }
    }
}
