package org.scr4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scr4j.JobFixture.content;
import static org.scr4j.JobFixture.write;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.advice.IntervalAdvice;
import org.scr4j.advice.LevelAdvice;
import org.scr4j.control.ControlDirectory;

/** Interval advice from the log a real job leaves: its run, its checkpoints by level, and what its flushes cost. */
class IntervalAdviceJobTest {
    @TempDir
    Path dir;

    @Test
    void aJobThatFlushesEveryOtherCheckpointGetsACacheLevelAndAPrefixLevel() throws Exception {
        JobFixture job = new JobFixture(dir).set("SCR_FLUSH", "2");
        job.run(2, (scr, g) -> {
            for (int i = 1; i <= 4; i++) {
                try (Output out = scr.startOutput("ckpt." + i, Flag.CHECKPOINT)) {
                    write(out, "rank." + scr.rank() + "/state.bin", content("ckpt." + i, scr.rank(), "state", 4096));
                    assertTrue(out.complete(true));
                }
            }
            return null;
        });
        List<Map<String, Object>> events;
        ControlDirectory control = ControlDirectory.open(job.prefix.toUri(), new Configuration());
        try {
            events = control.log().read();
        } finally {
            control.fileSystem().close();
        }
        IntervalAdvice a = IntervalAdvice.from(events);

        assertEquals(List.of(), a.history().skipped());
        assertEquals(1, a.history().runs());
        assertEquals(0, a.history().unrecordedEnds(), "close() logged the end of the run");
        assertTrue(a.history().runSeconds() > 0);
        assertEquals(2, a.levels().size(), a.levels().toString());
        LevelAdvice cache = a.levels().get(0);
        assertEquals(4, cache.checkpoints());
        LevelAdvice prefix = a.prefix().orElseThrow();
        assertEquals(2, prefix.checkpoints(), "SCR_FLUSH=2 flushed checkpoints 2 and 4");
        assertEquals(costWithFlush(events, 2) / 2 + costWithFlush(events, 4) / 2, prefix.meanCost(), 1e-9,
                "a synchronous flush is part of what the application waited for");
        assertTrue(a.interval().isPresent());
        assertTrue(cache.lowerBound() && a.notes().get(0).startsWith("no failure recorded in"), a.notes().toString());
    }

    private static double costWithFlush(List<Map<String, Object>> events, long id) {
        double seconds = 0;
        for (Map<String, Object> e : events) {
            if (((Number) e.getOrDefault("id", -1)).longValue() == id && List.of("checkpoint", "flush").contains(e.get("event"))) {
                seconds += ((Number) e.get("seconds")).doubleValue();
            }
        }
        return seconds;
    }
}
