package org.scr4j.launch;

import java.util.Locale;

/** Amounts as progress lines print them: bytes as "1.2 GiB", anything else as "12 files". */
public final class Amounts {
    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Amounts() {
    }

    public static String format(long amount, String unit) {
        if (!Progress.BYTES.equals(unit)) {
            return amount + " " + unit;
        }
        if (Math.abs(amount) < 1024) {
            return amount + " B";
        }
        int power = 0;
        double value = amount;
        while (Math.abs(value) >= 1024 && power < BINARY.length - 1) {
            value /= 1024;
            power++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, BINARY[power]);
    }

    /** The whole percent done, rounded down so that 100% means finished; an empty total is finished. */
    static int percent(long done, long total) {
        if (total == 0) {
            return 100;
        }
        return (int) Math.min(100, Math.max(0, Math.floor(100.0 * done / total)));
    }
}
