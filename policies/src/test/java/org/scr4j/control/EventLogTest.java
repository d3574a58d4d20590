package org.scr4j.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogTest {
    @TempDir
    Path tmp;
    private ControlDirectory control;
    private Path logFile;

    @BeforeEach
    void setUp() throws Exception {
        control = Local.control(tmp);
        logFile = tmp.resolve(".scr4j/log");
    }

    /** The event without its time, after checking that the time comes first and is an ISO instant. */
    private static Map<String, Object> fields(Map<String, Object> event) {
        assertEquals("time", event.keySet().iterator().next());
        Instant.parse((String) event.get("time"));
        Map<String, Object> rest = new LinkedHashMap<>(event);
        rest.remove("time");
        return rest;
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void eventsReadBackInOrderWithTheirFields() throws Exception {
        control.log().append(ordered("event", "START", "ranks", 4));
        control.log().append(ordered("event", "CHECKPOINT", "id", 7L, "seconds", 1.5, "valid", true));
        control.log().append(ordered("event", "HALT", "reason", "EXIT_AFTER 2026-03-01T18:30:00Z"));

        List<Map<String, Object>> events = control.log().read();
        assertEquals(3, events.size());
        assertEquals(ordered("event", "START", "ranks", 4), fields(events.get(0)));
        assertEquals(ordered("event", "CHECKPOINT", "id", 7, "seconds", 1.5, "valid", true), fields(events.get(1)));
        assertEquals(ordered("event", "HALT", "reason", "EXIT_AFTER 2026-03-01T18:30:00Z"), fields(events.get(2)));
        assertEquals(List.of("time", "event", "id", "seconds", "valid"),
                List.copyOf(events.get(1).keySet()), "fields keep their order");
        assertEquals(3, Files.readAllLines(logFile).size(), "one line per event");
    }

    @Test
    void aCutOffLastLineIsSkippedAndTheNextAppendStartsAFreshLine() throws Exception {
        control.log().append(ordered("event", "START"));
        control.log().append(ordered("event", "CHECKPOINT", "id", 1));
        Files.write(logFile, "{\"time\":\"2026-03-01T12:00:00Z\",\"event\":\"CHECK".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);

        List<Map<String, Object>> events = control.log().read();
        assertEquals(List.of(ordered("event", "START"), ordered("event", "CHECKPOINT", "id", 1)),
                events.stream().map(EventLogTest::fields).toList());

        control.log().append(ordered("event", "RESTART"));
        assertEquals(List.of(ordered("event", "START"), ordered("event", "CHECKPOINT", "id", 1), ordered("event", "RESTART")),
                control.log().read().stream().map(EventLogTest::fields).toList());
    }

    @Test
    void aMissingLogHasNoEvents() throws Exception {
        assertEquals(List.of(), control.log().read());
    }

    @Test
    void onlyStringsNumbersAndBooleansAreFields() throws Exception {
        assertEquals("event field \"when\" is a java.time.Instant; a field is a String, a Number or a Boolean",
                assertThrows(IllegalArgumentException.class,
                        () -> control.log().append(Map.of("when", Instant.EPOCH))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> control.log().append(Map.of("time", "now")));
        assertEquals(List.of(), control.log().read());
    }
}
