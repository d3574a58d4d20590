package org.scr4j.launch.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class HaltTimeTest {
    /** 2026-11-21 14:00 in Berlin (UTC+1 in November). */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T13:00:00Z"), ZoneId.of("Europe/Berlin"));

    private static Instant parse(String text) {
        return HaltTime.parse("--before", text, CLOCK);
    }

    @Test
    void instantsWithAZoneOrOffsetAreTakenAsTheyAre() {
        assertEquals(Instant.parse("2026-11-21T17:00:00Z"), parse("2026-11-21T17:00:00Z"));
        assertEquals(Instant.parse("2026-11-21T17:00:00Z"), parse("2026-11-21T18:00+01:00"));
    }

    @Test
    void localDateTimesAreInTheMachinesZone() {
        assertEquals(Instant.parse("2026-11-21T17:00:00Z"), parse("2026-11-21T18:00"));
        assertEquals(Instant.parse("2026-11-21T17:00:30Z"), parse("2026-11-21 18:00:30"));
    }

    @Test
    void aTimeOfDayIsTheNextOne() {
        assertEquals(Instant.parse("2026-11-21T17:00:00Z"), parse("18:00"));
        assertEquals(Instant.parse("2026-11-22T08:30:00Z"), parse("9:30"), "09:30 has passed today");
        assertEquals(Instant.parse("2026-11-22T13:00:00Z"), parse("14:00"), "now is not the future");
    }

    @Test
    void relativeTimesCountFromNow() {
        assertEquals(Instant.parse("2026-11-21T15:00:00Z"), parse("+2h"));
        assertEquals(Instant.parse("2026-11-21T13:30:00Z"), parse("+30m"));
        assertEquals(Instant.parse("2026-11-21T14:30:00Z"), parse("+1h30m"));
        assertEquals(Instant.parse("2026-11-21T13:01:30Z"), parse("+90s"));
        assertEquals(Instant.parse("2026-11-22T13:00:00Z"), parse(" +1d "));
    }

    @Test
    void anythingElseIsRefusedNamingWhatIsAccepted() {
        for (String bad : new String[] {"tomorrow", "+", "+2x", "2h", "25:00", "2026-11-21", "2026-13-01T10:00", "+99999999999999999999d"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(bad), bad);
            assertTrue(e.getMessage().startsWith("--before '" + bad + "' is not a time; use an ISO-8601 instant"), e.getMessage());
            assertTrue(e.getMessage().contains("in Europe/Berlin") && e.getMessage().contains("+2h, +30m, +1h30m"), e.getMessage());
        }
    }
}
