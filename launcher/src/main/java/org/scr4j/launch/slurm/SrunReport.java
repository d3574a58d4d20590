package org.scr4j.launch.slurm;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.scr4j.launch.run.StepResult;

/**
 * What srun's own messages say about a step, collected line by line while it runs, and the
 * {@link StepResult} they add up to. srun's exit code alone is not enough: it exits 0 after
 * "task launch failed" in some setups, and slurmstepd runs a task in /tmp when it cannot enter
 * the working directory.
 */
final class SrunReport {
    /** srun's and slurmstepd's words for a step that did not start as asked (verified on Slurm 22.05). */
    private static final Pattern LAUNCH_FAILED = Pattern.compile(
            "(?i)launch failed|task launch for \\S+ failed|unable to create step|couldn't chdir");
    /** "srun: error: n4: task 1: Exited with exit code 3", "srun: error: n1: tasks 0-2: Killed". */
    private static final Pattern TASK_ENDED = Pattern.compile("srun: error: (\\S+): tasks? (\\d+(?:-\\d+)?(?:,\\d+(?:-\\d+)?)*): (.*)");
    private static final Pattern EXIT_CODE = Pattern.compile("Exited with exit code (\\d+)");
    /** After these srun ends the other tasks itself: their exits are consequences, not causes. */
    private static final Pattern TERMINATING = Pattern.compile(
            "Terminating StepId|Job step aborted|Force Terminated|CANCELLED AT|Node failure on");
    private static final Pattern NODE_FAILURE = Pattern.compile("Node failure on (\\S+)");

    private final List<String> placement;
    private final Map<Integer, Integer> ownExits = new LinkedHashMap<>();
    private final List<String> ownFailures = new ArrayList<>();
    private String launchFailure;
    private String nodeFailure;
    private boolean terminating;

    SrunReport(List<String> placement) {
        this.placement = List.copyOf(requireNonNull(placement, "placement is null"));
    }

    /**
     * Takes one line srun printed.
     *
     * @param rank the rank it is labelled with, -1 for srun's own
     * @param text the line without its label
     */
    synchronized void line(int rank, String text) {
        boolean fromSlurm = rank < 0 || text.startsWith("slurmstepd");
        if (!fromSlurm) {
            return;
        }
        if (launchFailure == null && LAUNCH_FAILED.matcher(text).find()) {
            launchFailure = text.strip();
        }
        Matcher node = NODE_FAILURE.matcher(text);
        if (nodeFailure == null && node.find()) {
            nodeFailure = node.group(1);
        }
        Matcher ended = TASK_ENDED.matcher(text);
        if (rank < 0 && ended.matches() && !terminating) {
            Integer code = exitCode(ended.group(3));
            for (int r : ranks(ended.group(2))) {
                if (code != null) {
                    ownExits.putIfAbsent(r, code);
                }
                ownFailures.add("rank " + r + " on " + ended.group(1) + ": " + ended.group(3));
            }
        }
        if (TERMINATING.matcher(text).find()) {
            terminating = true;
        }
    }

    /** The step's result once srun exited with {@code srunExit}; {@code killed} when we ended it. */
    synchronized StepResult result(int srunExit, boolean killed) {
        int exit = srunExit != 0 ? srunExit : launchFailure != null ? 1 : 0;
        // Ranks that we or a node failure ended did not fail by themselves: naming one would blame it.
        // (srun may print "n1: task 0: Killed" before "Node failure on n2".)
        return new StepResult(exit, killed || nodeFailure != null ? Map.of() : ownExits, summary(srunExit, killed));
    }

    private String summary(int srunExit, boolean killed) {
        if (killed) {
            return "killed by the launcher (srun exited with " + srunExit + ")";
        }
        if (launchFailure != null) {
            return "launch failed (srun exited with " + srunExit + "): " + launchFailure;
        }
        if (nodeFailure != null) {
            return "node " + nodeFailure + " failed (srun exited with " + srunExit + ")";
        }
        if (!ownFailures.isEmpty()) {
            return ownFailures.get(0) + (ownFailures.size() > 1 ? " (and " + (ownFailures.size() - 1) + " more)" : "")
                    + "; srun exited with " + srunExit;
        }
        return srunExit == 0 ? "all " + placement.size() + " ranks exited 0" : "srun exited with " + srunExit;
    }

    /** Exit code as the launcher reports it: the code, or 128 + the signal for the signals srun names. */
    private static Integer exitCode(String how) {
        Matcher code = EXIT_CODE.matcher(how);
        if (code.find()) {
            return Integer.parseInt(code.group(1));
        }
        if (how.startsWith("Killed")) {
            return 128 + 9;
        }
        if (how.startsWith("Terminated")) {
            return 128 + 15;
        }
        if (how.startsWith("Segmentation fault")) {
            return 128 + 11;
        }
        if (how.startsWith("Aborted")) {
            return 128 + 6;
        }
        return null;
    }

    /** "0-2,5" as 0, 1, 2, 5. */
    private static List<Integer> ranks(String list) {
        List<Integer> ranks = new ArrayList<>();
        for (String part : list.split(",")) {
            if (part.isEmpty()) {
                continue;
            }
            int dash = part.indexOf('-');
            int lo = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
            int hi = Integer.parseInt(dash < 0 ? part : part.substring(dash + 1));
            for (int r = lo; r <= hi; r++) {
                ranks.add(r);
            }
        }
        return ranks;
    }
}
