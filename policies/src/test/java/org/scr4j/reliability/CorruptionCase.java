package org.scr4j.reliability;

import java.util.List;
import java.util.Optional;

/**
 * One kind of corruption in {@link CorruptionTest}: the checkpoints it starts from (a template job
 * written once), the damage done to its own copy of them, and what must follow the restart.
 */
final class CorruptionCase {
    /** What a case does to its job's files before the restart. */
    @FunctionalInterface
    interface Injury {
        void apply(CorruptionJobs jobs, String job) throws Exception;
    }

    /** What a case checks beyond the outcome and the messages. */
    @FunctionalInterface
    interface Check {
        void verify(CorruptionJobs jobs, String job, RestartReport report) throws Exception;
    }

    final String sentence;
    /** The job this case restarts: its own job id, cache directories and prefix. */
    final String job;
    final String template;
    final List<String> faults;
    final Injury injury;
    Tally.Outcome expected;
    Optional<String> from = Optional.empty();
    List<String> said = List.of();
    Check check = (jobs, job, report) -> { };
    Optional<String> stray = Optional.empty();

    /**
     * @param number the case's number, part of its job's name
     * @param faults the faults it injects, by kind, as the tally counts them
     */
    CorruptionCase(int number, String sentence, String template, Injury injury, String... faults) {
        this.sentence = sentence;
        this.job = String.format("c%02d-%s", number, template);
        this.template = template;
        this.injury = injury;
        this.faults = List.of(faults);
    }

    /** The outcome, the checkpoint restarted from (null for none), and phrases the ranks' output must hold. */
    CorruptionCase expect(Tally.Outcome outcome, String restartedFrom, String... phrases) {
        this.expected = outcome;
        this.from = Optional.ofNullable(restartedFrom);
        this.said = List.of(phrases);
        return this;
    }

    CorruptionCase then(Check more) {
        this.check = more;
        return this;
    }

    /** The application also asks the restart for this file, which it never wrote. */
    CorruptionCase askingFor(String strayFile) {
        this.stray = Optional.of(strayFile);
        return this;
    }

    /** The plan line's action: restart, asking for the stray file if there is one. */
    String action() {
        return "restart" + stray.map(s -> " " + s).orElse("");
    }

    @Override
    public String toString() {
        return sentence;
    }
}
