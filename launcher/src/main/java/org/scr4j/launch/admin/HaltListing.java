package org.scr4j.launch.admin;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.scr4j.control.HaltRecord;

/**
 * What {@code scr4j halt --list} prints: each condition, and whether the job would halt now and why,
 * judged as the job judges it ({@link HaltRecord#check}) with the halt seconds and allocation end
 * this command's configuration gives.
 *
 * @param endTime            the allocation's end in epoch seconds, 0 if unknown (SCR_END_TIME)
 * @param configHaltSeconds  SCR_HALT_SECONDS, used where the halt file sets no seconds
 */
record HaltListing(String file, HaltRecord halt, Instant now, ZoneId zone, long endTime, long configHaltSeconds) {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    HaltListing {
        requireNonNull(file, "file is null");
        requireNonNull(halt, "halt is null");
        requireNonNull(now, "now is null");
        requireNonNull(zone, "zone is null");
    }

    List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("halt file " + file + (halt.equals(HaltRecord.NONE) ? ": none, no halt is requested" : ":"));
        if (!halt.equals(HaltRecord.NONE)) {
            out.add("  checkpoints left: " + (halt.checkpoints().isPresent() ? halt.checkpoints().getAsInt() : "not set"));
            out.add("  exit before:      " + halt.exitBefore().map(this::time).orElse("not set"));
            out.add("  exit after:       " + halt.exitAfter().map(this::time).orElse("not set"));
            out.add("  halt seconds:     " + (halt.seconds().isPresent()
                    ? halt.seconds().getAsLong() + " (overrides SCR_HALT_SECONDS=" + configHaltSeconds + ")"
                    : "not set (SCR_HALT_SECONDS=" + configHaltSeconds + " applies)"));
            out.add("  reason:           " + halt.reason().orElse("not set"));
            out.add("  immediate:        " + (halt.immediate() ? "yes, the launcher kills the running step at once" : "no"));
        }
        Optional<String> holds = halt.check(now, endTime, configHaltSeconds);
        if (holds.isPresent()) {
            out.add("halts now: yes, " + holds.get());
        } else {
            List<String> pending = pending();
            out.add("halts now: no" + (pending.isEmpty() ? "" : "; it halts " + String.join(", or ", pending)));
        }
        return out;
    }

    /** When each condition that does not hold yet would. */
    private List<String> pending() {
        List<String> out = new ArrayList<>();
        if (halt.checkpoints().isPresent()) {
            int left = halt.checkpoints().getAsInt();
            out.add("after " + left + " more checkpoint" + (left == 1 ? "" : "s"));
        }
        long margin = halt.seconds().orElse(configHaltSeconds);
        halt.exitAfter().ifPresent(t -> out.add("at " + when(t)));
        halt.exitBefore().ifPresent(t -> out.add("from " + when(t.minusSeconds(margin))
                + (margin > 0 ? ", " + margin + " s before " + t : "")));
        if (margin > 0 && endTime > 0) {
            Instant end = Instant.ofEpochSecond(endTime);
            out.add("from " + when(end.minusSeconds(margin)) + ", " + margin + " s before the allocation ends at " + end);
        }
        return out;
    }

    private String time(Instant t) {
        return t + " (" + LOCAL.format(t.atZone(zone)) + ")";
    }

    private String when(Instant t) {
        return t + " (in " + duration(Duration.between(now, t)) + ")";
    }

    static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        return s / 3600 + " h " + s % 3600 / 60 + " min";
    }
}
