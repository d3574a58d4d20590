package org.scr4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scr4j.JobFixture.content;
import static org.scr4j.JobFixture.write;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** <prefix>/.scr4j/log: one JSON line per checkpoint and per flush, with its cost and size, for interval advice. */
class JobEventLogTest {
    @TempDir
    Path dir;

    /** Rank r writes two files of checkpoint i: 1000*i + 10*r and 333 bytes. */
    private static long bytesOf(int checkpoint, int ranks) {
        long total = 0;
        for (int r = 0; r < ranks; r++) {
            total += 1000L * checkpoint + 10L * r + 333;
        }
        return total;
    }

    @Test
    void everyCheckpointAndEveryFlushIsOneLineWithIdNameSecondsAndTheBytesOfAllRanks() throws Exception {
        int ranks = 3;
        JobFixture job = new JobFixture(dir).set("SCR_FLUSH", "2").set("SCR_CACHE_SIZE", "2");
        job.run(ranks, (scr, g) -> {
            for (int i = 1; i <= 3; i++) {
                String name = "ckpt." + i;
                try (Output out = scr.startOutput(name, Flag.CHECKPOINT)) {
                    write(out, "rank." + scr.rank() + "/big.bin", content(name, scr.rank(), "big", 1000 * i + 10 * scr.rank()));
                    write(out, "rank." + scr.rank() + "/small/meta.bin", content(name, scr.rank(), "small", 333));
                    assertTrue(out.complete(true));
                }
            }
            return null;
        });
        List<String> lines = new ArrayList<>();
        for (JsonNode e : job.events()) {
            String kind = e.get("event").asText();
            if (kind.equals("start")) {
                // each run's beginning, for the time between failures in interval advice
                assertEquals(ranks, e.get("ranks").asInt(), e.toString());
                lines.add("start");
                continue;
            }
            if (kind.equals("finalize")) {
                lines.add("finalize");
                continue;
            }
            if (kind.equals("checkpoint")) {
                assertEquals(0, e.get("level").asInt(), "the implicit descriptor CKPT=0: " + e);
            } else {
                assertFalse(e.get("async").asBoolean(), "SCR_FLUSH_ASYNC is off: " + e);
            }
            assertTrue(e.get("seconds").isNumber() && e.get("seconds").asDouble() >= 0, e.toString());
            assertTrue(e.get("time").isTextual(), e.toString());
            lines.add(e.get("event").asText() + " id=" + e.get("id").asLong() + " name=" + e.get("name").asText() + " bytes="
                    + (e.has("bytes") ? e.get("bytes").asLong() : "missing"));
        }
        // ckpt.2 is flushed by SCR_FLUSH=2, ckpt.3 by close() as the newest checkpoint
        assertEquals(List.of(
                "start",
                "checkpoint id=1 name=ckpt.1 bytes=" + bytesOf(1, ranks),
                "checkpoint id=2 name=ckpt.2 bytes=" + bytesOf(2, ranks),
                "flush id=2 name=ckpt.2 bytes=" + bytesOf(2, ranks),
                "checkpoint id=3 name=ckpt.3 bytes=" + bytesOf(3, ranks),
                "flush id=3 name=ckpt.3 bytes=" + bytesOf(3, ranks),
                "finalize"), lines);
    }
}
