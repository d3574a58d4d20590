package org.scr4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scr4j.JobFixture.checkpoint;
import static org.scr4j.JobFixture.restart;
import static org.scr4j.JobFixture.restored;
import static org.scr4j.JobFixture.state;
import static org.scr4j.JobFixture.stateFile;
import static org.scr4j.JobFixture.write;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Calls out of order are refused with an IllegalStateException that names the state and the call expected. */
class StateMachineTest {
    @TempDir
    Path dir;

    private static void assertRefused(Executable call, String... phrases) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call);
        for (String phrase : phrases) {
            assertTrue(e.getMessage().contains(phrase), "message should contain \"" + phrase + "\": " + e.getMessage());
        }
    }

    @Test
    void completingAnOutputTwiceIsRefusedAndTheFirstAnswerStands() throws Exception {
        JobFixture job = new JobFixture(dir);
        job.run(2, (scr, g) -> {
            Output out = scr.startOutput("ckpt.1", Flag.CHECKPOINT);
            write(out, stateFile(scr.rank()), state("ckpt.1", scr.rank()));
            assertTrue(out.complete(true));
            assertRefused(() -> out.complete(true), "complete() was already called", "ckpt.1", "startOutput()");
            out.close(); // after complete: does nothing
            return null;
        });
        assertEquals(List.of(restored("ckpt.1", 0), restored("ckpt.1", 1)), job.run(2, (scr, g) -> restart(scr)));
    }

    @Test
    void routeAfterCompleteIsRefused() throws Exception {
        JobFixture job = new JobFixture(dir);
        job.run(1, (scr, g) -> {
            try (Output out = scr.startOutput("ckpt.1", Flag.CHECKPOINT)) {
                write(out, "a.bin", new byte[] {1});
                assertTrue(out.complete(true));
                assertRefused(() -> out.route("b.bin"), "route('b.bin') after complete()", "ckpt.1", "startOutput()");
            }
            return null;
        });
    }

    @Test
    void startOutputInsideAnotherOutputIsRefusedAndTheFirstOutputGoesOn() throws Exception {
        JobFixture job = new JobFixture(dir);
        job.run(2, (scr, g) -> {
            try (Output out = scr.startOutput("ckpt.1", Flag.CHECKPOINT)) {
                assertRefused(() -> scr.startOutput("ckpt.2", Flag.CHECKPOINT), "startOutput('ckpt.2')", "ckpt.1 (id 1)",
                        "being written", "call complete() on its Output first");
                write(out, stateFile(scr.rank()), state("ckpt.1", scr.rank()));
                assertTrue(out.complete(true));
            }
            return null;
        });
        assertEquals(List.of(restored("ckpt.1", 0), restored("ckpt.1", 1)), job.run(2, (scr, g) -> restart(scr)));
    }

    @Test
    void haveRestartAndOtherCallsDuringAnOutputAreRefused() throws Exception {
        JobFixture job = new JobFixture(dir);
        job.run(1, (scr, g) -> {
            try (Output out = scr.startOutput("ckpt.1", Flag.CHECKPOINT)) {
                assertRefused(scr::haveRestart, "haveRestart()", "being written", "complete()");
                assertRefused(scr::needCheckpoint, "needCheckpoint()", "being written");
                assertRefused(scr::shouldExit, "shouldExit()", "being written");
                assertRefused(() -> scr.startRestart("ckpt.1"), "startRestart('ckpt.1')", "being written");
                assertRefused(() -> scr.delete("ckpt.1"), "delete('ckpt.1')", "being written");
                write(out, "a.bin", new byte[] {1});
                assertTrue(out.complete(true));
            }
            return null;
        });
    }

    @Test
    void callsDuringARestartAreRefusedAndRestartCompleteTwiceIsRefused() throws Exception {
        JobFixture job = new JobFixture(dir);
        job.run(1, (scr, g) -> checkpoint(scr, "ckpt.1"));
        job.run(1, (scr, g) -> {
            try (Restart r = scr.startRestart(scr.haveRestart().orElseThrow())) {
                assertRefused(() -> scr.startOutput("ckpt.2", Flag.CHECKPOINT), "startOutput('ckpt.2')",
                        "during the restart from ckpt.1 (id 1)", "call complete() on its Restart first");
                assertRefused(scr::haveRestart, "haveRestart()", "during the restart");
                assertTrue(r.complete(true));
                assertRefused(() -> r.complete(true), "complete() was already called", "ckpt.1");
                assertRefused(() -> r.route(stateFile(0)), "after complete()", "the restart is over");
            }
            return null;
        });
    }

    @Test
    void everyCallAfterCloseIsRefusedAndASecondCloseDoesNothing() throws Exception {
        JobFixture job = new JobFixture(dir);
        List<String> messages = job.run(1, (scr, g) -> {
            scr.close();
            List<Executable> calls = List.of(scr::needCheckpoint, () -> scr.startOutput("ckpt.1", Flag.CHECKPOINT),
                    scr::haveRestart, () -> scr.startRestart("ckpt.1"), scr::shouldExit, () -> scr.current("ckpt.1"),
                    () -> scr.delete("ckpt.1"), () -> scr.drop("ckpt.1"));
            List<String> seen = new ArrayList<>();
            for (Executable call : calls) {
                seen.add(assertThrows(IllegalStateException.class, call).getMessage());
            }
            scr.close();
            return seen;
        }).get(0);
        assertEquals(8, messages.size());
        for (String m : messages) {
            assertTrue(m.contains("was called after close()"), m);
        }
        assertTrue(messages.get(1).startsWith("startOutput('ckpt.1')"), messages.get(1));
    }

    @Test
    void anOutputClosedWithoutCompleteCountsAsCompleteFalse() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_FLUSH", "1");
        job.run(2, (scr, g) -> {
            try (Output out = scr.startOutput("ckpt.1", Flag.CHECKPOINT)) {
                write(out, stateFile(scr.rank()), state("ckpt.1", scr.rank()));
                // the application forgets complete(): leaving the block closes the Output
            }
            assertEquals(Optional.empty(), scr.haveRestart());
            // the engine is idle again: the next checkpoint works
            assertTrue(checkpoint(scr, "ckpt.2"));
            return null;
        });
        assertFalse(job.datasetDir(1, 0).toFile().exists());
        assertFalse(job.datasetDir(1, 1).toFile().exists());
        assertFalse(job.onPrefix("ckpt.1", "").toFile().exists(), "ckpt.1 on the prefix");
        assertEquals(List.of("ckpt.2"), job.indexNames());
        assertEquals(List.of(restored("ckpt.2", 0), restored("ckpt.2", 1)), job.run(2, (scr, g) -> restart(scr)));
    }

    @Test
    void closingScrDuringAnOutputDiscardsTheOutput() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_CACHE_SIZE", "2");
        job.run(1, (scr, g) -> {
            checkpoint(scr, "ckpt.1");
            Output out = scr.startOutput("ckpt.2", Flag.CHECKPOINT);
            write(out, stateFile(0), state("ckpt.2", 0));
            scr.close();
            assertRefused(() -> out.complete(true), "complete() was already called");
            return null;
        });
        assertEquals(List.of(1L), new ArrayList<>(job.cachedIds()));
        assertEquals(List.of(restored("ckpt.1", 0)), job.run(1, (scr, g) -> restart(scr)));
    }
}
