package org.scr4j.advice;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/** One line of the event log, read field by field; a field missing or of the wrong type is a {@link BadEvent} naming it. */
final class LogEvent {
    private final Map<String, Object> fields;

    LogEvent(Map<String, Object> fields) {
        this.fields = fields == null ? Map.of() : fields;
    }

    /** The "event" field, or empty: it names the event in a skip reason before anything else is read. */
    Optional<String> type() {
        return fields.get("event") instanceof String s ? Optional.of(s) : Optional.empty();
    }

    Instant time() throws BadEvent {
        String text = text("time");
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadEvent("\"time\" is not an ISO instant: '" + text + "'");
        }
    }

    String text(String key) throws BadEvent {
        Object value = present(key);
        if (value instanceof String s) {
            return s;
        }
        throw new BadEvent("\"" + key + "\" is not a string: " + value);
    }

    Optional<String> optionalText(String key) throws BadEvent {
        return fields.containsKey(key) ? Optional.of(text(key)) : Optional.empty();
    }

    /** A duration in seconds: a finite number, not negative. */
    double seconds(String key) throws BadEvent {
        Object value = present(key);
        if (value instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() >= 0) {
            return n.doubleValue();
        }
        throw new BadEvent("\"" + key + "\" is not a number of seconds >= 0: " + value);
    }

    /** A whole number such as an id. */
    long whole(String key) throws BadEvent {
        Object value = present(key);
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e15) {
            return n.longValue();
        }
        throw new BadEvent("\"" + key + "\" is not a whole number: " + value);
    }

    Optional<Long> optionalWhole(String key) throws BadEvent {
        return fields.containsKey(key) ? Optional.of(whole(key)) : Optional.empty();
    }

    /** A true/false field, {@code absent} when the event does not have it. */
    boolean flag(String key, boolean absent) throws BadEvent {
        if (!fields.containsKey(key)) {
            return absent;
        }
        if (fields.get(key) instanceof Boolean b) {
            return b;
        }
        throw new BadEvent("\"" + key + "\" is not true or false: " + fields.get(key));
    }

    private Object present(String key) throws BadEvent {
        Object value = fields.get(key);
        if (value == null) {
            throw new BadEvent("no \"" + key + "\"");
        }
        return value;
    }

    /** Why an event cannot be used; the advice skips it and says why. */
    static final class BadEvent extends Exception {
        BadEvent(String reason) {
            super(reason, null, false, false);
        }
    }
}
