package org.scr4j.compress;

import com.fasterxml.jackson.annotation.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a flush stores files on the prefix: as they are ({@link #NONE}), or zstd-compressed at a
 * level, optionally after a byte shuffle of fixed-size values. Immutable. Its {@link #toString()}
 * label, such as {@code zstd:3+shuffle8}, is what a prefix manifest records per file.
 */
public final class Compression {
    /** Files are stored byte for byte; the default, and what a manifest without a label means. */
    public static final Compression NONE = new Compression(false, 0, 0);

    /**
     * zstd's fast levels -7..-1 trade ratio for speed (further down zstd nears a plain copy, which
     * none does better); its "ultra" levels above 19 compress at a few MB/s, too slow for a flush.
     */
    public static final int MIN_LEVEL = -7;
    public static final int MAX_LEVEL = 19;
    /** zstd's own default level, used for a bare {@code zstd}. */
    public static final int DEFAULT_LEVEL = 3;
    /**
     * Widths in bytes of the values a shuffle groups: char/short, int/float, long/double, and
     * 16 for complex doubles. A width is the size of one value, not of a record: a record of three
     * doubles shuffles by 8. Anything else is more likely bits (64) or a typo than a real layout.
     */
    public static final List<Integer> SHUFFLE_WIDTHS = List.of(2, 4, 8, 16);

    private static final String LEVELS = "LEVEL 1.." + MAX_LEVEL + " (higher: smaller and slower; " + DEFAULT_LEVEL
            + " is zstd's default) or " + MIN_LEVEL + "..-1 (zstd's fast levels)";
    private static final Pattern ZSTD = Pattern.compile("zstd(?::(-?\\d{1,3}))?");
    private static final Pattern LABEL = Pattern.compile("zstd:(-?\\d{1,3})(?:\\+shuffle(\\d{1,2}))?");

    private final boolean enabled;
    private final int level;
    private final int shuffle;

    private Compression(boolean enabled, int level, int shuffle) {
        this.enabled = enabled;
        this.level = level;
        this.shuffle = shuffle;
    }

    /** zstd at {@code level}, without shuffle. */
    public static Compression zstd(int level) {
        if (level == 0 || level < MIN_LEVEL || level > MAX_LEVEL) {
            throw new IllegalArgumentException("zstd level " + level + " is not offered; " + LEVELS);
        }
        return new Compression(true, level, 0);
    }

    /** The {@code compress} attribute: {@code none}, {@code zstd} (level 3) or {@code zstd:LEVEL}. */
    public static Compression parse(String compress) {
        String text = compress.strip().toLowerCase(Locale.ROOT);
        if (text.isEmpty() || text.equals("none")) {
            return NONE;
        }
        Matcher m = ZSTD.matcher(text);
        int level = !m.matches() ? 0 : m.group(1) == null ? DEFAULT_LEVEL : Integer.parseInt(m.group(1));
        if (level == 0 || level < MIN_LEVEL || level > MAX_LEVEL) {
            throw new IllegalArgumentException("'" + compress + "' is not offered; use none, or zstd:LEVEL with " + LEVELS);
        }
        return zstd(level);
    }

    /** {@link #parse(String)} with {@link #withShuffle(int)}. */
    public static Compression parse(String compress, int shuffle) {
        return parse(compress).withShuffle(shuffle);
    }

    /** This compression with a byte shuffle of {@code width}-byte values first; 0 means no shuffle. */
    public Compression withShuffle(int width) {
        if (width == 0) {
            return new Compression(enabled, level, 0);
        }
        if (!SHUFFLE_WIDTHS.contains(width)) {
            throw new IllegalArgumentException(width + " is not offered; use the size in bytes of one value of the"
                    + " arrays written (8 for double or long, 4 for float or int, 2 for short or char, 16 for complex"
                    + " double), or 0 for no shuffle");
        }
        if (!enabled) {
            throw new IllegalArgumentException(width + " does nothing without compression; set compress to zstd:LEVEL"
                    + " (such as zstd:3), or set shuffle to 0");
        }
        return new Compression(true, level, width);
    }

    /** Reads back a {@link #toString()} label from a prefix manifest. */
    public static Compression ofLabel(String label) {
        if (label.equals("none")) {
            return NONE;
        }
        Matcher m = LABEL.matcher(label);
        if (!m.matches()) {
            throw new IllegalArgumentException("unknown storage '" + label + "' (a newer scr4j may have written it)");
        }
        return zstd(Integer.parseInt(m.group(1))).withShuffle(m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
    }

    /** The original bytes of a file stored with this compression, read from {@code stored}. */
    public InputStream decoding(InputStream stored) throws IOException {
        return enabled ? new DecodingStream(stored) : stored;
    }

    public boolean enabled() {
        return enabled;
    }

    /** The zstd level; 0 for {@link #NONE}. */
    public int level() {
        return level;
    }

    /** The shuffle width in bytes; 0 for none. */
    public int shuffle() {
        return shuffle;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Compression c && c.enabled == enabled && c.level == level && c.shuffle == shuffle;
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, level, shuffle);
    }

    /** {@code none}, {@code zstd:3} or {@code zstd:3+shuffle8}; also its JSON form (scr4j conf --json). */
    @JsonValue
    @Override
    public String toString() {
        return !enabled ? "none" : "zstd:" + level + (shuffle == 0 ? "" : "+shuffle" + shuffle);
    }
}
