package org.scr4j.launch.chaos;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.commons.io.FileUtils;

/**
 * Ends a trial's processes and removes its RAM disk directory when closed, and also when this JVM
 * is stopped meanwhile (^C): a stopped chaos run leaves nothing running and nothing in /dev/shm.
 */
final class TrialCleanup implements AutoCloseable {
    private final TrialProcesses processes;
    private final Path shm;
    private final Thread hook;

    TrialCleanup(TrialProcesses processes, Path shm) {
        this.processes = requireNonNull(processes, "processes is null");
        this.shm = requireNonNull(shm, "shm is null");
        this.hook = new Thread(this::cleanUp, "chaos-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private void cleanUp() {
        try {
            processes.endAll();
            FileUtils.deleteDirectory(shm.toFile());
        } catch (IOException e) {
            System.err.println("scr4j chaos: could not clean up after the trial (" + shm + "): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        cleanUp();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook runs anyway.
        }
    }
}
