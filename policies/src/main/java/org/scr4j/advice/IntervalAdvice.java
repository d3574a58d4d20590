package org.scr4j.advice;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.DoubleStream;

/**
 * Checkpoint interval advice from a job's event log (SCR's scr_ckpt_interval.py, per level): each
 * level's Young and Daly intervals from its own checkpoint cost and the failures it must survive,
 * and the cadence and settings that follow. See {@link #MODEL}.
 */
public final class IntervalAdvice {
    /** The model, in words, for the command's output and the documentation. */
    public static final String MODEL = "Each failure is charged to the weakest level that survives it: a process failure (a rank"
            + " exited or hung; its node's cache is intact) to a SINGLE level, a lost node to a PARTNER, XOR or RS level, and"
            + " what no cache level survives to the prefix. Per level, C is the mean time the application waited for one of its"
            + " checkpoints (from startOutput to the commit; for the prefix, that plus the flush when synchronous) and M is the"
            + " job's run time over the failures charged to the level (with none, M is at least the run time, and each interval"
            + " a lower bound). Young: T = sqrt(2CM). Daly: T = sqrt(2CM)(1 + sqrt(C/2M)/3 + C/18M) - C if C < 2M, else M."
            + " The cadence is the shortest Daly interval: a level is written only with a checkpoint, so each level is written"
            + " every round(T_level / cadence) checkpoints.";

    private final JobHistory history;
    private final List<LevelAdvice> levels;
    private final Map<FailureKind, Integer> uncovered;
    private final Optional<LevelAdvice> pacing;

    private IntervalAdvice(JobHistory history, List<LevelAdvice> levels, Map<FailureKind, Integer> uncovered,
            Optional<LevelAdvice> pacing) {
        this.history = history;
        this.levels = List.copyOf(levels);
        this.uncovered = Map.copyOf(uncovered);
        this.pacing = pacing;
    }

    /** The advice from the events of {@code EventLog.read()}, oldest first. */
    public static IntervalAdvice from(List<Map<String, Object>> events) {
        return of(JobHistory.of(events));
    }

    public static IntervalAdvice of(JobHistory history) {
        requireNonNull(history, "history is null");
        List<Measured> measured = measure(history.checkpoints());
        Map<Coverage, Integer> charged = new EnumMap<>(Coverage.class);
        Map<FailureKind, Integer> uncovered = new EnumMap<>(FailureKind.class);
        for (Failure f : history.failures()) {
            Optional<Coverage> weakest = measured.stream().map(Measured::coverage).filter(c -> c.survives(f.kind()))
                    .min(Comparator.naturalOrder());
            weakest.ifPresentOrElse(c -> charged.merge(c, 1, Integer::sum), () -> uncovered.merge(f.kind(), 1, Integer::sum));
        }
        List<LevelAdvice> rows = new ArrayList<>();
        for (Measured m : measured) {
            rows.add(LevelAdvice.measured(m.level, m.tier, m.scheme, m.coverage, m.count, m.meanCost, m.backgroundFlush,
                    charged.getOrDefault(m.coverage, 0), history.runSeconds()));
        }
        Optional<LevelAdvice> pacing = rows.stream().filter(r -> r.daly().isPresent())
                .min(Comparator.comparingDouble(r -> r.daly().getAsDouble()));
        if (pacing.isPresent()) {
            double cadence = pacing.get().daly().getAsDouble();
            rows.replaceAll(r -> r.daly().isPresent() ? r.withEvery(every(r, cadence)) : r);
            pacing = rows.stream().filter(r -> r.daly().isPresent() && r.daly().getAsDouble() == cadence).findFirst();
        }
        return new IntervalAdvice(history, rows, uncovered, pacing);
    }

    /** A level's share of the checkpoints; never more often than an asynchronous flush takes, or flushes would queue. */
    private static int every(LevelAdvice r, double cadence) {
        if (!(cadence > 0)) {
            return 1;
        }
        long n = Math.max(1, Math.round(r.daly().getAsDouble() / cadence));
        if (r.backgroundFlush().isPresent()) {
            n = Math.max(n, (long) Math.ceil(r.backgroundFlush().getAsDouble() / cadence));
        }
        return (int) Math.min(Integer.MAX_VALUE, n);
    }

    /** One row's measurements. */
    private record Measured(OptionalInt level, String tier, String scheme, Coverage coverage, int count, double meanCost,
            OptionalDouble backgroundFlush) {
    }

    /** The cache levels by descriptor id (a level whose tier or scheme changed is a row per setting), then the prefix. */
    private static List<Measured> measure(List<MeasuredCheckpoint> checkpoints) {
        record Key(int level, String tier, String scheme) {
        }
        Map<Key, List<MeasuredCheckpoint>> byLevel = new LinkedHashMap<>();
        checkpoints.stream().sorted(Comparator.comparingInt(MeasuredCheckpoint::level))
                .forEach(c -> byLevel.computeIfAbsent(new Key(c.level(), c.tier(), c.scheme()), k -> new ArrayList<>()).add(c));
        List<Measured> rows = new ArrayList<>();
        byLevel.forEach((k, list) -> rows.add(new Measured(OptionalInt.of(k.level()), k.tier(), k.scheme(),
                Coverage.ofScheme(k.scheme()), list.size(), mean(list.stream().mapToDouble(MeasuredCheckpoint::seconds)),
                OptionalDouble.empty())));
        List<MeasuredCheckpoint> flushed = checkpoints.stream().filter(c -> c.flush().isPresent()).toList();
        if (!flushed.isEmpty()) {
            OptionalDouble background = flushed.stream().map(c -> c.flush().get()).filter(MeasuredCheckpoint.Flush::async)
                    .mapToDouble(MeasuredCheckpoint.Flush::seconds).average();
            rows.add(new Measured(OptionalInt.empty(), "prefix", "-", Coverage.PREFIX, flushed.size(),
                    mean(flushed.stream().mapToDouble(MeasuredCheckpoint::secondsWithFlush)), background));
        }
        return rows;
    }

    private static double mean(DoubleStream values) {
        return values.average().orElse(0);
    }

    public JobHistory history() {
        return history;
    }

    /** The cache levels by descriptor id, then the prefix if the job flushed. */
    public List<LevelAdvice> levels() {
        return levels;
    }

    public Optional<LevelAdvice> prefix() {
        return levels.stream().filter(LevelAdvice::isPrefix).findFirst();
    }

    /** Failures no measured level survives, by kind. */
    public int uncovered(FailureKind kind) {
        return uncovered.getOrDefault(kind, 0);
    }

    /** The level whose Daly interval sets the cadence: the shortest. */
    public Optional<LevelAdvice> pacing() {
        return pacing;
    }

    /**
     * The compute time to leave between two checkpoints (end to start), what needCheckpoint follows
     * with scr.checkpoint.interval.auto: the shortest Daly interval of any level. Empty until the log
     * holds a checkpoint cost and some run time.
     */
    public Optional<Duration> interval() {
        return pacing.map(p -> Duration.ofNanos(Math.round(p.daly().getAsDouble() * 1e9)));
    }

    /** scr.checkpoint.seconds for the cadence, at least 1. */
    public OptionalLong checkpointSeconds() {
        return pacing.map(p -> OptionalLong.of(Math.max(1, Math.round(p.daly().getAsDouble())))).orElse(OptionalLong.empty());
    }

    /** scr.flush: flush every how many checkpoints, when the job flushed. */
    public OptionalInt flushEvery() {
        return prefix().map(LevelAdvice::every).orElse(OptionalInt.empty());
    }

    /** Per descriptor id, write that level every how many checkpoints (scr.ckpt.N.interval); its latest setting wins. */
    public Map<Integer, Integer> levelEvery() {
        Map<Integer, Integer> every = new LinkedHashMap<>();
        for (LevelAdvice r : levels) {
            if (r.level().isPresent() && r.every().isPresent()) {
                every.put(r.level().getAsInt(), r.every().getAsInt());
            }
        }
        return every;
    }

    /** What a reader must know to trust the numbers: too little data, lower bounds, failures nothing survives, skipped events. */
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        if (history.checkpoints().isEmpty()) {
            notes.add("no checkpoint cost in the log yet: run the job with scr4j, which logs what each checkpoint cost");
        }
        if (!(history.runSeconds() > 0)) {
            notes.add("no run time in the log: a run is timed from the \"start\" event scr4j logs when it opens (a log written"
                    + " by an older scr4j has none), so the mean time between failures is unknown");
        } else if (history.failures().isEmpty()) {
            notes.add("no failure recorded in " + hours(history.runSeconds()) + " of run time: each MTBF is only known to be at"
                    + " least that, so each interval is a lower bound (the optimum is at least as long): the advice checkpoints"
                    + " more often than needed until failures are seen");
        } else {
            for (LevelAdvice r : levels) {
                if (r.lowerBound()) {
                    notes.add(r.name() + ": no failure needed it in " + hours(history.runSeconds()) + " of run time, so its MTBF"
                            + " is at least that and its intervals are lower bounds");
                }
            }
        }
        if (uncovered(FailureKind.NODE) > 0 && !levels.isEmpty()) {
            notes.add(uncovered(FailureKind.NODE) + " failure(s) lost a node, which no measured level survives: SINGLE keeps no"
                    + " copy off the node and the job flushed no checkpoint. Fix: protect a level with PARTNER, XOR or RS, or"
                    + " flush (scr.flush)");
        }
        if (history.unrecordedEnds() > 0) {
            notes.add(history.unrecordedEnds() + " run(s) ended with neither close() nor a failure record (run without the"
                    + " launcher, killed, or out of time): their run time counts, but not as failures");
        }
        if (!history.skipped().isEmpty()) {
            notes.add(history.skipped().size() + " event(s) skipped: " + String.join("; ", history.skipped().subList(0,
                    Math.min(3, history.skipped().size()))) + (history.skipped().size() > 3 ? "; ..." : ""));
        }
        return notes;
    }

    /** One line for the job's log. */
    public String summary() {
        if (pacing.isEmpty()) {
            return "no interval advice yet: " + (notes().isEmpty() ? "too little data" : notes().get(0));
        }
        LevelAdvice p = pacing.get();
        Mtbf m = p.mtbf().orElseThrow();
        return String.format(Locale.ROOT, "checkpoint every %.0f s: Daly's interval of %s (C %.2f s, M %s%s from %d failure(s)"
                + " in %s of run time)", p.daly().getAsDouble(), p.name(), p.meanCost(), m.lowerBound() ? ">= " : "",
                hours(m.seconds()), m.failures(), hours(m.runSeconds()));
    }

    static String hours(double seconds) {
        return String.format(Locale.ROOT, "%.2f h", seconds / 3600);
    }
}
