package org.scr4j.launch;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs the scr4j command in this JVM through {@link Main#run}, with System.out and System.err
 * caught, so a test can call it many times without a JVM start each. The environment is this
 * JVM's: tests that depend on SCR_* variables use {@link Scr4jProcess}.
 */
final class InProcess {
    private InProcess() {
    }

    static synchronized Scr4jProcess.Result run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream caughtOut = new ByteArrayOutputStream();
        ByteArrayOutputStream caughtErr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(caughtOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(caughtErr, true, StandardCharsets.UTF_8));
        try {
            int exit = Main.run(args);
            System.out.flush();
            System.err.flush();
            return new Scr4jProcess.Result(exit, caughtOut.toString(StandardCharsets.UTF_8), caughtErr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
