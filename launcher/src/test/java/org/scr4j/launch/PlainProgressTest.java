package org.scr4j.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PlainProgressTest {
    private static final long GIB = 1L << 30;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private long now = 1_000_000_000L;

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private void advance(long seconds) {
        now += TimeUnit.SECONDS.toNanos(seconds);
    }

    @Test
    void aLineForEachTenthAndNoneInBetween() {
        PlainProgress p = new PlainProgress("drain", 3 * GIB, Progress.BYTES, out, () -> now);
        for (long k = 0; k <= 100; k++) {
            p.update((3 * GIB * k + 99) / 100); // k percent, rounded up
        }
        advance(12);
        p.close();
        List<String> lines = lines();
        assertEquals(10, lines.size(), lines.toString());
        assertEquals("drain: 307.2 MiB of 3.0 GiB (10%)", lines.get(0));
        assertEquals("drain: 1.2 GiB of 3.0 GiB (40%)", lines.get(3));
        assertEquals("drain: 2.7 GiB of 3.0 GiB (90%)", lines.get(8));
        assertEquals("drain: 3.0 GiB of 3.0 GiB (100%) in 12.0 s", lines.get(9), "the finished line is close()'s alone");
    }

    @Test
    void slowWorkShowsALineEveryFiveSecondsWhileItMoves() {
        PlainProgress p = new PlainProgress("rebuild", 1000, "files", out, () -> now);
        p.update(1);
        advance(4);
        p.update(2);
        assertEquals(List.of(), lines(), "under a tenth and under 5 s: quiet");
        advance(1);
        p.update(3);
        assertEquals(List.of("rebuild: 3 files of 1000 files (0%)"), lines());
        advance(6);
        p.update(3);
        assertEquals(1, lines().size(), "nothing moved: no new line");
        p.update(4);
        assertEquals("rebuild: 4 files of 1000 files (0%)", lines().get(1));
    }

    @Test
    void startPrintsPlainLinesWhereThereIsNoTerminal() {
        try (Progress p = Progress.start("index build", 2048, Progress.BYTES, out)) {
            p.update(1024);
        }
        List<String> lines = lines();
        assertEquals("index build: 1.0 KiB of 2.0 KiB (50%)", lines.get(0));
        assertTrue(lines.get(1).matches("index build: 1\\.0 KiB of 2\\.0 KiB \\(50%\\) in \\d+\\.\\d s"), lines.get(1));
        assertEquals(2, lines.size());
    }

    @Test
    void closeIsFinalAndMisuseIsNamed() {
        PlainProgress p = new PlainProgress("drain", 0, Progress.BYTES, out, () -> now);
        p.close();
        p.close();
        assertEquals(List.of("drain: 0 B of 0 B (100%) in 0.0 s"), lines());
        assertEquals("the progress of 'drain' was already closed", assertThrows(IllegalStateException.class, () -> p.update(1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PlainProgress("drain", -1, Progress.BYTES, out, () -> now));
    }
}
