package org.scr4j.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;
import org.junit.jupiter.api.Test;
import org.scr4j.erasure.CoderChoice;

class ProtectionWarningsTest {
    /** Keeps the warnings of one logger. */
    private static final class Captured extends AppenderSkeleton {
        final List<String> warnings = new CopyOnWriteArrayList<>();

        @Override
        protected void append(LoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
                warnings.add(event.getRenderedMessage());
            }
        }

        @Override
        public void close() {
        }

        @Override
        public boolean requiresLayout() {
            return false;
        }
    }

    @Test
    void ranksNoSetCanTakeAreNamedOnceAndStillCheckpoint() throws Exception {
        Captured captured = new Captured();
        Logger logger = Logger.getLogger(ErasureScheme.class);
        logger.addAppender(captured);
        // Node a holds three ranks, b and c one each: rank 2 has no set (it is SINGLE only).
        try (SchemeJob job = new SchemeJob(new XorScheme(CoderChoice.AUTO, 1000), List.of("a", "a", "a", "b", "c"))) {
            job.write().apply();
            job.write().apply();
            assertEquals(1, captured.warnings.size(), captured.warnings.toString());
            String warning = captured.warnings.get(0);
            assertTrue(warning.contains("XOR cannot put rank(s) 2 (a) in a redundancy set") && warning.contains("SINGLE only"),
                    warning);
            assertTrue(job.redundancyFiles(2).contains("redundancy/header.json"), "an unprotected rank records that it is");
        } finally {
            logger.removeAppender(captured);
        }
    }

    @Test
    void rsSetsTooSmallForTheirParitySaySo() throws Exception {
        Captured captured = new Captured();
        Logger logger = Logger.getLogger(ErasureScheme.class);
        logger.addAppender(captured);
        try (SchemeJob job = new SchemeJob(new RsScheme(CoderChoice.AUTO, 1000), SchemeJob.spread(3, 3)).failures(3)) {
            job.write().apply();
            assertEquals(1, captured.warnings.size(), captured.warnings.toString());
            assertTrue(captured.warnings.get(0).contains("too few members for 3 parity units"), captured.warnings.get(0));
            LossDrill.expectRebuilt(job, job.lose(java.util.Set.of("n0", "n2"), java.util.Map.of()), "RS(3) on three nodes");
        } finally {
            logger.removeAppender(captured);
        }
    }
}
