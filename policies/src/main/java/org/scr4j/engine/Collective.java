package org.scr4j.engine;

import java.util.ArrayList;
import java.util.List;
import org.scr4j.ScrException;
import org.scr4j.group.Group;

/**
 * Turns one rank's success or failure into the same outcome on every rank, so that no rank goes
 * on while another has thrown (which would leave the others waiting forever in the next collective).
 */
final class Collective {
    private static final String OK = "\u0000ok";

    private Collective() {
    }

    /** Work that may fail with a message. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    /** Work on rank 0 whose result every rank needs. */
    @FunctionalInterface
    interface RootTask {
        String run() throws Exception;
    }

    /** Runs {@code step} on this rank; returns each failing rank's problem as "rank R: ...", empty if all succeeded. */
    static List<String> problems(Group group, Step step) {
        String mine;
        try {
            step.run();
            mine = OK;
        } catch (Exception e) {
            mine = message(e);
        }
        return problems(group, mine.equals(OK) ? null : mine);
    }

    /** Gathers every rank's problem (null when it had none). */
    static List<String> problems(Group group, String mine) {
        List<String> all = group.allGather(mine == null ? OK : mine);
        List<String> problems = new ArrayList<>();
        for (int r = 0; r < all.size(); r++) {
            if (!all.get(r).equals(OK)) {
                problems.add(all.size() == 1 ? all.get(r) : "rank " + r + ": " + all.get(r));
            }
        }
        return problems;
    }

    /** Runs {@code step} on every rank and throws the same {@link ScrException} everywhere if any rank failed. */
    static void everywhere(Group group, String what, Step step) {
        List<String> problems = problems(group, step);
        if (!problems.isEmpty()) {
            throw new ScrException(what + ": " + String.join("; ", problems));
        }
    }

    /** Runs {@code task} on rank 0 and returns its result on every rank, or throws its failure on every rank. */
    static String onRoot(Group group, String what, RootTask task) {
        String result = null;
        String problem = null;
        if (group.rank() == 0) {
            try {
                result = task.run();
            } catch (Exception e) {
                problem = message(e);
            }
        }
        // One broadcast carries either the result or the failure, marked by its first character.
        String answer = group.broadcast(problem == null ? "R" + (result == null ? "" : result) : "E" + problem);
        if (answer.startsWith("E")) {
            throw new ScrException(what + ": " + answer.substring(1));
        }
        return answer.substring(1);
    }

    /** The problems of {@link #problems}, each message once with the ranks that had it: "ranks 0, 2: disk full". */
    static String join(List<String> problems) {
        java.util.Map<String, List<String>> byMessage = new java.util.LinkedHashMap<>();
        java.util.regex.Pattern prefixed = java.util.regex.Pattern.compile("rank (\\d+): (.*)", java.util.regex.Pattern.DOTALL);
        for (String p : problems) {
            java.util.regex.Matcher m = prefixed.matcher(p);
            if (m.matches()) {
                byMessage.computeIfAbsent(m.group(2), k -> new ArrayList<>()).add(m.group(1));
            } else {
                byMessage.computeIfAbsent(p, k -> new ArrayList<>());
            }
        }
        List<String> parts = new ArrayList<>();
        byMessage.forEach((message, ranks) -> parts.add(ranks.isEmpty() ? message
                : (ranks.size() == 1 ? "rank " : "ranks ") + String.join(", ", ranks) + ": " + message));
        return String.join("; ", parts);
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.toString() : m;
    }
}
