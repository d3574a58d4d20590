package org.scr4j.conf;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte counts as people write them: 1048576, 512k, 64MB, 4GiB, 1.5t. Multiples are binary, as in SCR. */
public final class Bytes {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(i?b)?", Pattern.CASE_INSENSITIVE);
    private static final String UNITS = "kmgtp";

    private Bytes() {
    }

    /** Parses a byte count; throws IllegalArgumentException naming valid forms. */
    public static long parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a byte count; examples: 1048576, 512k, 64MB, 4GiB");
        }
        int power = m.group(2).isEmpty() ? 0 : UNITS.indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
        double value = Double.parseDouble(m.group(1)) * Math.pow(1024, power);
        if (value >= Long.MAX_VALUE) {
            throw new IllegalArgumentException("'" + text + "' is too large a byte count");
        }
        if (value != Math.floor(value)) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number of bytes");
        }
        return (long) value;
    }

    /** The shortest exact form: 4GiB, 1536KiB, 1000. */
    public static String format(long bytes) {
        int power = 0;
        long value = bytes;
        while (value != 0 && value % 1024 == 0 && power < UNITS.length()) {
            value /= 1024;
            power++;
        }
        return power == 0 ? Long.toString(bytes) : value + UNITS.substring(power - 1, power).toUpperCase(Locale.ROOT) + "iB";
    }
}
