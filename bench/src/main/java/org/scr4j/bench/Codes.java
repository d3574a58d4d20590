package org.scr4j.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.scr4j.erasure.ErasureCode;

/** Benchmark parameters name codes RS-8-2 and XOR-8-1: JMH splits parameter values at commas. */
final class Codes {
    private static final Pattern CODE = Pattern.compile("(RS|XOR)-(\\d+)-(\\d+)");

    private Codes() {
    }

    static ErasureCode parse(String text) {
        Matcher m = CODE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("code '" + text + "' is not of the form RS-k-m or XOR-k-1 (JMH splits parameter values at commas)");
        }
        return new ErasureCode(ErasureCode.Kind.valueOf(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }
}
