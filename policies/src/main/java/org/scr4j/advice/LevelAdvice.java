package org.scr4j.advice;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The advice for one level: a cache level (a descriptor, by its id, tier and scheme) or the prefix
 * (the checkpoints the job flushed).
 *
 * @param level          the descriptor id; empty for the prefix
 * @param checkpoints    how many checkpoints measured its cost
 * @param meanCost       C: the mean seconds the application waited for one of its checkpoints (for
 *                       the prefix: the checkpoint and its flush when synchronous)
 * @param backgroundFlush the prefix only: the mean seconds an asynchronous flush ran in the background
 * @param failures       the failures charged to it: those no weaker level survives
 * @param mtbf           M, empty when the log holds no run time
 * @param young          Young's interval in seconds, when M is known
 * @param daly           Daly's interval in seconds, when M is known
 * @param every          every how many checkpoints (at the advised cadence) this level should be written
 */
public record LevelAdvice(OptionalInt level, String tier, String scheme, Coverage coverage, int checkpoints, double meanCost,
        OptionalDouble backgroundFlush, int failures, Optional<Mtbf> mtbf, OptionalDouble young, OptionalDouble daly,
        OptionalInt every) {
    public LevelAdvice {
        requireNonNull(level, "level is null");
        requireNonNull(tier, "tier is null");
        requireNonNull(scheme, "scheme is null");
        requireNonNull(coverage, "coverage is null");
        requireNonNull(backgroundFlush, "backgroundFlush is null");
        requireNonNull(mtbf, "mtbf is null");
        requireNonNull(young, "young is null");
        requireNonNull(daly, "daly is null");
        requireNonNull(every, "every is null");
    }

    /** A level measured from its checkpoints and charged failures; {@code every} comes once the cadence is known. */
    static LevelAdvice measured(OptionalInt level, String tier, String scheme, Coverage coverage, int checkpoints,
            double meanCost, OptionalDouble backgroundFlush, int failures, double runSeconds) {
        Optional<Mtbf> mtbf = Mtbf.of(failures, runSeconds);
        OptionalDouble young = mtbf.map(m -> OptionalDouble.of(Intervals.young(meanCost, m.seconds()))).orElse(OptionalDouble.empty());
        OptionalDouble daly = mtbf.map(m -> OptionalDouble.of(Intervals.daly(meanCost, m.seconds()))).orElse(OptionalDouble.empty());
        return new LevelAdvice(level, tier, scheme, coverage, checkpoints, meanCost, backgroundFlush, failures, mtbf, young, daly,
                OptionalInt.empty());
    }

    LevelAdvice withEvery(int n) {
        return new LevelAdvice(level, tier, scheme, coverage, checkpoints, meanCost, backgroundFlush, failures, mtbf, young, daly,
                OptionalInt.of(n));
    }

    public boolean isPrefix() {
        return level.isEmpty();
    }

    /** "level 2" or "prefix". */
    public String name() {
        return level.isPresent() ? "level " + level.getAsInt() : "prefix";
    }

    /** True when no failure was charged to it: M, and so each interval, is a lower bound. */
    public boolean lowerBound() {
        return mtbf.map(Mtbf::lowerBound).orElse(false);
    }
}
