package org.scr4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scr4j.JobFixture.checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.control.HaltRecord;

/** The halt file in the prefix tells a running job to stop, and close() records that the job finished. */
class HaltTest {
    @TempDir
    Path dir;

    @Test
    void aHaltAfterTwoCheckpointsHoldsOnceTwoCheckpointsCompleted() throws Exception {
        // needCheckpoint would only say yes on every 100th call: a yes below comes from the halt
        JobFixture job = new JobFixture(dir).set("SCR_CHECKPOINT_INTERVAL", "100").set("SCR_CACHE_SIZE", "2");
        job.halt(h -> h.withCheckpoints(OptionalInt.of(2)));
        List<String> story = job.run(2, (scr, g) -> {
            StringBuilder s = new StringBuilder();
            s.append("start exit=").append(scr.shouldExit()).append(" need=").append(scr.needCheckpoint());
            checkpoint(scr, "ckpt.1");
            s.append("; 1 done exit=").append(scr.shouldExit()).append(" need=").append(scr.needCheckpoint());
            checkpoint(scr, "ckpt.2");
            s.append("; 2 done exit=").append(scr.shouldExit()).append(" need=").append(scr.needCheckpoint());
            return s.toString();
        });
        assertEquals(Collections.nCopies(2, "start exit=false need=false; 1 done exit=false need=false; 2 done exit=true need=true"),
                story);
        HaltRecord after = job.halt();
        assertEquals(OptionalInt.of(0), after.checkpoints());
        assertEquals(Optional.of(HaltRecord.FINALIZE_CALLED), after.reason());
    }

    @Test
    void aHaltReasonMakesShouldExitTrueFromInit() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_CHECKPOINT_INTERVAL", "100");
        job.halt(h -> h.withReason(Optional.of("maintenance at noon")));
        assertEquals(List.of(List.of(true, true), List.of(true, true)),
                job.run(2, (scr, g) -> List.of(scr.shouldExit(), scr.needCheckpoint())));
    }

    @Test
    void closeRecordsThatTheJobFinishedAndTheNextInitClearsIt() throws Exception {
        JobFixture job = new JobFixture(dir);
        assertEquals(List.of(false, false), job.run(2, (scr, g) -> scr.shouldExit()));
        assertEquals(Optional.of("SCR_FINALIZE_CALLED"), job.halt().reason());

        // a new run of the same job: SCR_FINALIZE_CALLED is from the last run, not a halt request
        assertEquals(List.of(false, false), job.run(2, (scr, g) -> {
            g.barrier();
            if (scr.rank() == 0) {
                assertEquals(Optional.empty(), job.halt().reason());
            }
            return scr.shouldExit();
        }));
        // nothing else was set, so the file holds only the reason of this run's close()
        assertEquals(HaltRecord.NONE.withReason(Optional.of(HaltRecord.FINALIZE_CALLED)), job.halt());
        assertTrue(Files.exists(job.prefix.resolve(".scr4j/halt")));
    }

    @Test
    void fewerSecondsLeftThanTheHaltMarginMakesShouldExitTrue() throws Exception {
        long now = Instant.now().getEpochSecond();
        JobFixture ending = new JobFixture(dir.resolve("ending")).set("SCR_HALT_SECONDS", "600")
                .set("SCR_END_TIME", Long.toString(now + 60));
        assertEquals(List.of(true, true), ending.run(2, (scr, g) -> scr.shouldExit()));

        JobFixture plenty = new JobFixture(dir.resolve("plenty")).set("SCR_HALT_SECONDS", "600")
                .set("SCR_END_TIME", Long.toString(now + 24 * 3600));
        assertEquals(List.of(false, false), plenty.run(2, (scr, g) -> scr.shouldExit()));

        JobFixture over = new JobFixture(dir.resolve("over")).set("SCR_HALT_SECONDS", "600")
                .set("SCR_END_TIME", Long.toString(now - 10));
        assertEquals(List.of(true, true), over.run(2, (scr, g) -> scr.shouldExit()));
    }
}
