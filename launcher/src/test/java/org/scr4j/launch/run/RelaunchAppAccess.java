package org.scr4j.launch.run;

/** {@link RelaunchApp} for tests of other packages. */
public final class RelaunchAppAccess {
    public static final String MAIN = RelaunchApp.class.getName();

    private RelaunchAppAccess() {
    }

    public static String expected(int rank, int bytes, int steps) {
        return RelaunchApp.expected(rank, bytes, steps);
    }
}
