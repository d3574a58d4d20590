package org.scr4j.launch.admin;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.scr4j.control.ControlDirectory;
import org.scr4j.control.HaltRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * 'scr4j halt', SCR's scr_halt: sets, clears and lists the conditions in {@code <prefix>/.scr4j/halt}
 * under which the running job stops. Every change is one locked, atomic update of the halt file,
 * so it never loses the job's own updates (the checkpoint count-down).
 */
@Command(name = "halt", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Ask a job to halt: after N more checkpoints, before or after a time, or at its next chance.",
            "With no option it halts at its next chance (reason JOB_HALTED), as SCR's scr_halt does.",
            "After a change it lists the conditions, as --list does."},
        footer = {"", "Example: scr4j halt --checkpoints 2 --before +2h --prefix /p/scratch/job7",
            "Example: scr4j halt --list; scr4j halt --remove"})
public final class HaltCommand implements Callable<Integer> {
    /** What the job and the launcher report when no --reason is given; SCR's scr_halt writes the same. */
    static final String DEFAULT_REASON = "JOB_HALTED";
    static final String IMMEDIATE_REASON = "SCR_HALT_IMMEDIATE";

    @Option(names = {"-c", "--checkpoints"}, paramLabel = "N", description = "Halt after N more checkpoints (0: now).")
    Integer checkpoints;

    @Option(names = {"-b", "--before"}, paramLabel = "TIME",
            description = "Halt before TIME, less the halt seconds. TIME: 2026-11-21T17:00:00Z, 2026-11-21T18:00 (local),"
                    + " 18:00 (the next one), +2h, +30m, +1h30m.")
    String before;

    @Option(names = {"-a", "--after"}, paramLabel = "TIME", description = "Halt once TIME has passed (forms as --before).")
    String after;

    @Option(names = {"-s", "--seconds"}, paramLabel = "S",
            description = "Halt S seconds before --before or the allocation's end (overrides SCR_HALT_SECONDS).")
    Long seconds;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Halt at the job's next chance, reporting TEXT.")
    String reason;

    @Option(names = {"-i", "--immediate"},
            description = "Halt at once: the launcher kills the running step (reason: --reason, else " + IMMEDIATE_REASON + ").")
    boolean immediate;

    @Option(names = {"-l", "--list"}, description = "List the halt conditions and whether the job would halt now, and why.")
    boolean list;

    @Option(names = "--unset-checkpoints", description = "Clear the checkpoint count.")
    boolean unsetCheckpoints;

    @Option(names = "--unset-before", description = "Clear the halt-before time.")
    boolean unsetBefore;

    @Option(names = "--unset-after", description = "Clear the halt-after time.")
    boolean unsetAfter;

    @Option(names = "--unset-seconds", description = "Clear the halt seconds (SCR_HALT_SECONDS applies again).")
    boolean unsetSeconds;

    @Option(names = "--unset-reason", description = "Clear the reason (and with it an immediate halt).")
    boolean unsetReason;

    @Option(names = {"-r", "--remove"}, description = "Delete the halt file, even a damaged one: no halt is requested.")
    boolean remove;

    @Mixin
    PrefixOptions prefixOptions;

    @Spec
    CommandSpec spec;

    private final Clock clock = Clock.systemDefaultZone();

    @Override
    public Integer call() throws Exception {
        List<UnaryOperator<HaltRecord>> changes = changes();
        JobPrefix prefix = prefixOptions.load();
        PrintWriter out = spec.commandLine().getOut();
        if (remove) {
            Optional<OpenControl> used = prefix.openIfUsed();
            if (used.isEmpty()) {
                out.println("no halt file in " + prefix.uri() + " (" + prefix.source() + "): nothing to remove");
                return 0;
            }
            try (OpenControl control = used.get()) {
                control.dir().halt().remove();
                out.println("removed " + control.dir().halt().path() + ": no halt is requested");
            }
            return 0;
        }
        boolean listOnly = list && changes.isEmpty();
        if (changes.isEmpty() && !list) {
            changes.add(h -> h.withReason(Optional.of(DEFAULT_REASON))); // SCR: scr_halt alone halts the job
        }
        try (OpenControl open = listOnly ? prefix.openExisting() : prefix.openCreating()) {
            ControlDirectory control = open.dir();
            HaltRecord halt = listOnly ? control.halt().read() : control.halt().update(h -> {
                HaltRecord next = h;
                for (UnaryOperator<HaltRecord> change : changes) {
                    next = change.apply(next);
                }
                return next;
            });
            HaltListing listing = new HaltListing(control.halt().path().toString(), halt, clock.instant(), clock.getZone(),
                    prefix.config().getLong("scr.end.time"), prefix.config().getLong("scr.halt.seconds"));
            listing.lines().forEach(out::println);
        }
        return 0;
    }

    /** The options' changes in a fixed order, clearing before setting; contradictions are refused before anything is read. */
    private List<UnaryOperator<HaltRecord>> changes() {
        refuseBoth(checkpoints != null, unsetCheckpoints, "--checkpoints", "--unset-checkpoints");
        refuseBoth(before != null, unsetBefore, "--before", "--unset-before");
        refuseBoth(after != null, unsetAfter, "--after", "--unset-after");
        refuseBoth(seconds != null, unsetSeconds, "--seconds", "--unset-seconds");
        refuseBoth(reason != null, unsetReason, "--reason", "--unset-reason");
        refuseBoth(immediate, unsetReason, "--immediate", "--unset-reason");
        if (checkpoints != null && checkpoints < 0) {
            throw new IllegalArgumentException("--checkpoints is how many more checkpoints the job may write, 0 or more, not "
                    + checkpoints);
        }
        if (seconds != null && seconds < 0) {
            throw new IllegalArgumentException("--seconds is 0 or more, not " + seconds);
        }
        if (reason != null && reason.isBlank()) {
            throw new IllegalArgumentException("--reason must not be blank: the job and the launcher report it");
        }
        Optional<Instant> beforeTime = before == null ? Optional.empty() : Optional.of(HaltTime.parse("--before", before, clock));
        Optional<Instant> afterTime = after == null ? Optional.empty() : Optional.of(HaltTime.parse("--after", after, clock));

        List<UnaryOperator<HaltRecord>> changes = new ArrayList<>();
        if (unsetCheckpoints) {
            changes.add(h -> h.withCheckpoints(OptionalInt.empty()));
        }
        if (unsetBefore) {
            changes.add(h -> h.withExitBefore(Optional.empty()));
        }
        if (unsetAfter) {
            changes.add(h -> h.withExitAfter(Optional.empty()));
        }
        if (unsetSeconds) {
            changes.add(h -> h.withSeconds(OptionalLong.empty()));
        }
        if (unsetReason) {
            changes.add(h -> h.withReason(Optional.empty()));
        }
        if (checkpoints != null) {
            changes.add(h -> h.withCheckpoints(OptionalInt.of(checkpoints)));
        }
        beforeTime.ifPresent(t -> changes.add(h -> h.withExitBefore(Optional.of(t))));
        afterTime.ifPresent(t -> changes.add(h -> h.withExitAfter(Optional.of(t))));
        if (seconds != null) {
            changes.add(h -> h.withSeconds(OptionalLong.of(seconds)));
        }
        if (immediate) {
            String why = reason != null ? reason : IMMEDIATE_REASON;
            changes.add(h -> h.withReason(Optional.of(why)).withImmediate(true));
        } else if (reason != null) {
            changes.add(h -> h.withReason(Optional.of(reason)));
        }
        if (remove && (!changes.isEmpty() || list)) {
            throw new IllegalArgumentException("--remove deletes the halt file and goes alone; run the other options after it");
        }
        return changes;
    }

    private static void refuseBoth(boolean set, boolean unset, String setOption, String unsetOption) {
        if (set && unset) {
            throw new IllegalArgumentException(setOption + " and " + unsetOption + " contradict each other; give one of them");
        }
    }
}
