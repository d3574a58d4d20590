package org.scr4j.advice;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An event log as the library and the launcher write it, with each event at a chosen second after T0. */
final class EventScript {
    static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");

    private final List<Map<String, Object>> events = new ArrayList<>();

    /** Any event: its fields, then "time" as the log sets it. */
    EventScript at(double second, Object... fields) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("time", T0.plusNanos(Math.round(second * 1e9)).toString());
        for (int i = 0; i < fields.length; i += 2) {
            e.put((String) fields[i], fields[i + 1]);
        }
        events.add(e);
        return this;
    }

    EventScript start(double second) {
        return at(second, "event", "start", "ranks", 8, "nodes", 4);
    }

    EventScript checkpoint(double second, long id, int level, String scheme, double seconds) {
        return at(second, "event", "checkpoint", "id", id, "name", "ckpt." + id, "checkpointId", id, "tier", "ram",
                "scheme", scheme, "level", level, "seconds", seconds, "encodeSeconds", seconds / 4, "bytes", 1L << 30, "ranks", 8);
    }

    EventScript flush(double second, long id, double seconds) {
        return at(second, "event", "flush", "id", id, "name", "ckpt." + id, "seconds", seconds, "bytes", 1L << 30, "ranks", 8);
    }

    EventScript flush(double second, long id, double seconds, boolean async) {
        return at(second, "event", "flush", "id", id, "name", "ckpt." + id, "seconds", seconds, "bytes", 1L << 30, "ranks", 8,
                "async", async);
    }

    EventScript failure(double second, int run, String node, String cause) {
        return at(second, "event", "failure", "run", run, "node", node, "cause", cause);
    }

    EventScript nodeLost(double second, int run, String node) {
        return failure(second, run, node, "node down: the node did not answer");
    }

    EventScript rankExited(double second, int run, String node) {
        return failure(second, run, node, "rank 3 exited with code 1");
    }

    EventScript finish(double second) {
        return at(second, "event", "finalize");
    }

    List<Map<String, Object>> events() {
        return List.copyOf(events);
    }

    JobHistory history() {
        return JobHistory.of(events);
    }

    IntervalAdvice advice() {
        return IntervalAdvice.from(events);
    }
}
