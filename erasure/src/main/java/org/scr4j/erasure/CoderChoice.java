package org.scr4j.erasure;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which arithmetic a coder uses; the configuration key scr.erasure.coder names one. */
public enum CoderChoice {
    /** The vector kernel when jdk.incubator.vector is present, else the scalar one. */
    AUTO("auto"),
    /** The vector kernel; an error when the module is absent. */
    VECTOR("vector"),
    /** The scalar kernel, same bytes as the vector one. */
    SCALAR("scalar"),
    /** Hadoop Common's own Java coders (RSRawEncoder, XORRawEncoder): the baseline, and a fallback. */
    HADOOP_JAVA("hadoop-java");

    private final String text;

    CoderChoice(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static CoderChoice parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no erasure coder named: use one of "
                    + Arrays.stream(values()).map(CoderChoice::text).collect(Collectors.joining(", ")));
        }
        for (CoderChoice c : values()) {
            if (c.text.equals(text.trim().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown erasure coder '" + text + "': use one of "
                + Arrays.stream(values()).map(CoderChoice::text).collect(Collectors.joining(", ")));
    }
}
