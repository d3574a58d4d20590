package org.scr4j.launch.admin;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TIME of {@code scr4j halt --before/--after}: what an operator types at a shell, in the forms
 * that cannot be misread. SCR took anything Date::Manip parses; a few exact forms are safer for a
 * command that stops a job.
 */
final class HaltTime {
    private static final Pattern RELATIVE = Pattern.compile("\\+(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");
    private static final Pattern TIME_OF_DAY = Pattern.compile("\\d{1,2}:\\d{2}(:\\d{2})?");

    private HaltTime() {
    }

    /** What is accepted, for the error message and the help. */
    static String forms(Clock clock) {
        return "an ISO-8601 instant (2026-11-21T17:00:00Z, 2026-11-21T18:00+01:00), a local date-time"
                + " (2026-11-21T18:00 or '2026-11-21 18:00', in " + clock.getZone() + "), a time of day (18:00: the next"
                + " one), or a time from now (+2h, +30m, +1h30m, +90s, +1d)";
    }

    /** The instant {@code text} names, relative forms counted from {@code clock}'s now. */
    static Instant parse(String option, String text, Clock clock) {
        requireNonNull(text, "text is null");
        requireNonNull(clock, "clock is null");
        String t = text.strip();
        try {
            Matcher relative = RELATIVE.matcher(t);
            if (relative.matches() && t.length() > 1) {
                Duration d = Duration.ofDays(number(relative.group(1))).plusHours(number(relative.group(2)))
                        .plusMinutes(number(relative.group(3))).plusSeconds(number(relative.group(4)));
                return clock.instant().plus(d);
            }
            if (TIME_OF_DAY.matcher(t).matches()) {
                ZonedDateTime now = ZonedDateTime.now(clock);
                ZonedDateTime at = now.with(LocalTime.parse(t.indexOf(':') == 1 ? "0" + t : t));
                return (at.isAfter(now) ? at : at.plusDays(1)).toInstant();
            }
            try {
                return OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException notWithOffset) {
                return LocalDateTime.parse(t.replaceFirst(" ", "T")).atZone(clock.getZone()).toInstant();
            }
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a time; use " + forms(clock), e);
        }
    }

    private static long number(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }
}
