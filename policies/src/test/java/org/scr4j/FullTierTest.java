package org.scr4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.scr4j.JobFixture.content;
import static org.scr4j.JobFixture.sha256;
import static org.scr4j.JobFixture.stateFile;
import static org.scr4j.JobFixture.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.tier.local.TmpfsMount;

/** A cache tier whose file system fills up during a write: a clear failure, and the previous checkpoint intact. */
class FullTierTest {
    @TempDir
    Path dir;

    @Test
    void aFileSystemThatFillsDuringAWriteLeavesThePreviousCheckpointRestartable() throws Exception {
        Optional<TmpfsMount> mount = TmpfsMount.tryMount(dir.resolve("cache"), "size=1m,mode=0700");
        assumeTrue(mount.isPresent(), "needs root to mount a small tmpfs");
        try (TmpfsMount small = mount.get()) {
            JobFixture job = new JobFixture(dir).set("SCR_FLUSH", "0").set("SCR_CACHE_SIZE", "2");
            byte[] first = content("ckpt.1", 0, "state", 300 * 1024);
            List<Boolean> completes = job.run(1, (scr, g) -> {
                boolean small1;
                try (Output out = scr.startOutput("ckpt.1", Flag.CHECKPOINT)) {
                    write(out, stateFile(0), first);
                    small1 = out.complete(true);
                }
                try (Output out = scr.startOutput("ckpt.2", Flag.CHECKPOINT)) {
                    // 2 MiB does not fit the 1 MiB file system: the application's own write fails.
                    IOException full = assertThrows(IOException.class,
                            () -> write(out, stateFile(0), content("ckpt.2", 0, "state", 2 << 20)));
                    assertTrue(full.getMessage().contains("No space left on device"), full.getMessage());
                    assertEquals(false, out.complete(false));
                }
                return small1;
            });
            assertEquals(List.of(true), completes);
            assertEquals(List.of(1L), List.copyOf(job.cachedIds()));
            List<String> restored = job.run(1, (scr, g) -> {
                try (Restart r = scr.startRestart(scr.haveRestart().orElseThrow())) {
                    String read = sha256(Files.readAllBytes(r.route(stateFile(0))));
                    assertTrue(r.complete(true));
                    return read;
                }
            });
            assertEquals(List.of(sha256(first)), restored);
        }
    }
}
