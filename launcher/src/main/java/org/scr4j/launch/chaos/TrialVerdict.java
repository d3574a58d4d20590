package org.scr4j.launch.chaos;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Judges a trial from what happened: every final checksum any rank printed against the
 * uninterrupted computation's (a difference is a silent corruption, whatever else happened), then
 * whether the job finished, then where each fault's restart began against the newest checkpoint
 * committed before the fault.
 *
 * @param recoveries one per fired fault, in order
 */
public record TrialVerdict(Outcome outcome, String detail, List<Recovery> recoveries) {
    public TrialVerdict {
        requireNonNull(outcome, "outcome is null");
        requireNonNull(detail, "detail is null");
        recoveries = List.copyOf(recoveries);
    }

    /**
     * Where the job restarted after a fault.
     *
     * @param restartStep the step at which the first run launched after the fault (that showed
     *                    where it began) restarted; empty when no run followed (the job had
     *                    finished), or when another fault fired before that run (it is judged
     *                    against that one)
     * @param superseded  another fault fired before a run showed where the job restarted
     */
    public record Recovery(int faultIndex, int newestCommit, OptionalInt restartStep, boolean superseded) {
        /** True when the restart began before the newest checkpoint committed before the fault. */
        public boolean older() {
            return restartStep.isPresent() && restartStep.getAsInt() < newestCommit;
        }

        /** Such as "ckpt.40->ckpt.30", "ckpt.40->scratch" or "none->scratch" (no checkpoint before the fault). */
        String describe() {
            int at = restartStep.orElseThrow();
            return (newestCommit == 0 ? "none" : "ckpt." + newestCommit) + "->" + (at == 0 ? "scratch" : "ckpt." + at);
        }
    }

    /** Pairs each fault with the first later run that showed where it began, unless another fault came between. */
    static List<Recovery> recoveries(List<RunRecord> runs, List<FiredFault> fired) {
        List<Recovery> recoveries = new ArrayList<>();
        for (FiredFault f : fired) {
            Optional<RunRecord> next = runs.stream().filter(r -> r.startNanos() > f.nanos() && r.restartStep().isPresent()).findFirst();
            boolean superseded = fired.stream().anyMatch(g -> g.nanos() > f.nanos()
                    && (next.isEmpty() || g.nanos() < next.get().startNanos()));
            OptionalInt step = superseded || next.isEmpty() ? OptionalInt.empty() : next.get().restartStep();
            recoveries.add(new Recovery(f.index(), f.newestCommit(), step, superseded));
        }
        return recoveries;
    }

    /**
     * @param ranks    the job's ranks: each must print its final checksum in the last run
     * @param steps    the job's time steps: a final checksum is one printed at this step
     * @param expected rank to the checksum of the uninterrupted computation
     * @param stops    why a launcher stopped by design, each time it did (the job then ran again on fresh nodes)
     * @param failure  why the trial failed outside the job's output (a hang, an unexplained exit), if it did
     */
    public static TrialVerdict classify(int ranks, int steps, Map<Integer, String> expected, List<RunRecord> runs,
            List<FiredFault> fired, List<String> stops, Optional<String> failure) {
        List<Recovery> recoveries = recoveries(runs, fired);
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            for (Map.Entry<Integer, RunRecord.Checksum> c : runs.get(i).checksums().entrySet()) {
                String want = expected.get(c.getKey());
                if (c.getValue().step() == steps && !c.getValue().hex().equals(want)) {
                    wrong.add("run " + (i + 1) + ": rank " + c.getKey() + " printed " + c.getValue().hex() + ", the uninterrupted"
                            + " computation gives " + want);
                }
            }
        }
        if (!wrong.isEmpty()) {
            return new TrialVerdict(Outcome.SILENT_CORRUPTION, String.join("; ", wrong), recoveries);
        }
        if (failure.isPresent()) {
            return new TrialVerdict(Outcome.FAILED, failure.get(), recoveries);
        }
        if (runs.isEmpty()) {
            return new TrialVerdict(Outcome.FAILED, "no run of the job started", recoveries);
        }
        Map<Integer, RunRecord.Checksum> last = runs.get(runs.size() - 1).checksums();
        List<Integer> missing = IntStream.range(0, ranks).filter(r -> !last.containsKey(r) || last.get(r).step() != steps)
                .boxed().toList();
        if (!missing.isEmpty()) {
            return new TrialVerdict(Outcome.FAILED, "the launcher exited with 0, but rank(s) " + missing + " printed no checksum"
                    + " at step " + steps + " in the last run", recoveries);
        }
        String restarts = recoveries.stream().filter(r -> r.restartStep().isPresent()).map(Recovery::describe)
                .collect(Collectors.joining(", "));
        boolean older = recoveries.stream().anyMatch(Recovery::older);
        String restartText = restarts.isEmpty() ? "no restart needed" : "newest before fault->restart: " + restarts;
        if (!stops.isEmpty()) {
            return new TrialVerdict(Outcome.REFUSED, "the launcher stopped by design: " + String.join("; ", stops) + "; on fresh"
                    + " nodes the job finished exact (" + (older ? "older" : "newest") + "; " + restartText + ")", recoveries);
        }
        return new TrialVerdict(older ? Outcome.RECOVERED_OLDER : Outcome.RECOVERED_NEWEST, restartText, recoveries);
    }
}
