package org.scr4j.advice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobHistoryTest {
    @Test
    void aRunIsTimedFromItsStartToTheFailureOrTheFinalizeThatEndsIt() {
        JobHistory h = new EventScript()
                .at(-50, "event", "allocation", "job", "7", "backend", "local", "nodes", "n1,n2", "start", "x", "end", "unknown")
                .start(0).checkpoint(100, 1, 0, "XOR", 2).nodeLost(3600, 1, "n2")
                .start(3700).checkpoint(3800, 2, 0, "XOR", 2).finish(7300)
                .history();
        assertEquals(2, h.runs());
        assertEquals(7200, h.runSeconds(), 1e-9, "the relaunch between the runs is not run time");
        assertEquals(1, h.failures().size());
        assertEquals(FailureKind.NODE, h.failures().get(0).kind());
        assertEquals(0, h.unrecordedEnds());
        assertEquals(List.of(), h.skipped());
    }

    @Test
    void aRunWhoseEndWentUnrecordedCountsUntilItsLastEventAndNotAsAFailure() {
        JobHistory h = new EventScript()
                .start(0).checkpoint(500, 1, 0, "XOR", 2)
                .start(1000).checkpoint(1200, 2, 0, "XOR", 2) // the log ends: this run may still be running
                .history();
        assertEquals(500 + 200, h.runSeconds(), 1e-9);
        assertEquals(1, h.unrecordedEnds(), "the first run was followed by another start without an end");
        assertEquals(0, h.failures().size());
    }

    @Test
    void aNewAllocationEndsARunLeftOpenByTheLastOne() {
        JobHistory h = new EventScript()
                .start(0).checkpoint(300, 1, 0, "XOR", 2)
                .at(5000, "event", "allocation", "job", "8")
                .start(5100).finish(5200)
                .history();
        assertEquals(300 + 100, h.runSeconds(), 1e-9);
        assertEquals(1, h.unrecordedEnds());
    }

    @Test
    void theFailureEventsOfOneRunAreOneInterrupt_aLostNodeAmongThemMakesItANodeFailure() {
        JobHistory h = new EventScript()
                .start(0).nodeLost(100, 1, "n2").nodeLost(100, 1, "n3")
                .start(200).rankExited(300, 2, "n1")
                .start(400).failure(500, 3, "-", "hang: no heartbeat for 60 s")
                .start(600).rankExited(700, 4, "n1").nodeLost(700, 4, "n4")
                .start(800).at(900, "event", "failure", "run", 5, "node", "n1") // no cause: taken as the worse kind
                .history();
        List<Failure> f = h.failures();
        assertEquals(5, f.size());
        assertEquals(List.of(FailureKind.NODE, FailureKind.PROCESS, FailureKind.PROCESS, FailureKind.NODE, FailureKind.NODE),
                f.stream().map(Failure::kind).toList());
        assertEquals(2, f.get(0).events());
        assertEquals(2, f.get(3).events());
        assertEquals("rank 3 exited with code 1", f.get(3).cause());
        assertEquals(3, h.failures(FailureKind.NODE));
        assertEquals(500, h.runSeconds(), 1e-9);
    }

    @Test
    void aFailureBeforeTheLibraryOpenedCountsButAddsNoRunTime() {
        JobHistory h = new EventScript().start(0).nodeLost(1000, 1, "n2").rankExited(1010, 2, "n1").history();
        assertEquals(2, h.failures().size(), "run 2 failed before its ranks opened scr4j");
        assertEquals(1000, h.runSeconds(), 1e-9);
    }

    @Test
    void aSynchronousFlushInTheRunThatWroteTheCheckpointAddsToItsCost() {
        JobHistory h = new EventScript()
                .start(0).checkpoint(10, 1, 0, "XOR", 2).flush(50, 1, 40)
                .checkpoint(60, 2, 0, "XOR", 3).flush(70, 2, 9, true).finish(80)
                .start(100).checkpoint(110, 3, 0, "XOR", 4).nodeLost(200, 1, "n2")
                .flush(300, 3, 30) // a drain's flush, after the run: the application did not wait for it
                .history();
        List<MeasuredCheckpoint> c = h.checkpoints();
        assertEquals(3, c.size());
        assertEquals(Optional.of(new MeasuredCheckpoint.Flush(40, false)), c.get(0).flush(), "no \"async\": synchronous");
        assertEquals(42, c.get(0).secondsWithFlush(), 1e-9);
        assertEquals(Optional.of(new MeasuredCheckpoint.Flush(9, true)), c.get(1).flush());
        assertEquals(3, c.get(1).secondsWithFlush(), 1e-9, "the application did not wait for an asynchronous flush");
        assertEquals(Optional.empty(), c.get(2).flush());
    }

    @Test
    void anEventMissingWhatItNeedsIsSkippedWithAReason_andChangesNothing() {
        List<Map<String, Object>> events = new ArrayList<>(new EventScript()
                .start(0)
                .at(10, "event", "checkpoint", "id", 1, "tier", "ram", "scheme", "XOR", "seconds", 2.0) // no level: older scr4j
                .at(20, "event", "checkpoint", "id", 2, "level", 0, "tier", "ram", "scheme", "XOR", "seconds", "2.0")
                .at(30, "event", "checkpoint", "id", 3, "level", 0, "tier", "ram", "scheme", "XOR", "seconds", -1.0)
                .at(40, "event", "failure", "run", "one", "cause", "node down: x")
                .at(50, "event", "flush", "id", 4, "seconds", 1.0, "async", "yes")
                .at(60, "id", 5)
                .checkpoint(70, 6, 0, "XOR", 2)
                .events());
        Map<String, Object> noTime = new HashMap<>(Map.of("event", "start"));
        events.add(noTime);
        events.add(Map.of("event", "finalize", "time", "yesterday"));
        events.add(Map.of());
        events.add(null);
        events.add(new EventScript().finish(100).events().get(0));

        JobHistory h = JobHistory.of(events);
        assertEquals(1, h.checkpoints().size());
        assertEquals(6, h.checkpoints().get(0).id());
        assertEquals(0, h.failures().size());
        assertEquals(1, h.runs(), "the start without a time opened no run");
        assertEquals(100, h.runSeconds(), 1e-9);
        assertEquals(List.of(
                "event 2 (checkpoint): no \"level\" (a log written before checkpoints named their level)",
                "event 3 (checkpoint): \"seconds\" is not a number of seconds >= 0: 2.0",
                "event 4 (checkpoint): \"seconds\" is not a number of seconds >= 0: -1.0",
                "event 5 (failure): \"run\" is not a whole number: one",
                "event 6 (flush): \"async\" is not true or false: yes",
                "event 7: no \"event\"",
                "event 9 (start): no \"time\"",
                "event 10 (finalize): \"time\" is not an ISO instant: 'yesterday'",
                "event 11: no \"event\"",
                "event 12: no \"event\""), h.skipped());
        assertEquals(13, h.events());
    }

    @Test
    void anEmptyLogIsAnEmptyHistory() {
        JobHistory h = JobHistory.of(List.of());
        assertEquals(0, h.runs());
        assertEquals(0, h.runSeconds());
        assertTrue(h.checkpoints().isEmpty() && h.failures().isEmpty() && h.skipped().isEmpty());
    }
}
