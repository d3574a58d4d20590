package org.scr4j.launch.run;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.scr4j.control.ControlDirectory;
import org.scr4j.control.HaltRecord;
import org.scr4j.fault.CrashPoints;

/**
 * SCR's scr_run loop: launch the job's step on healthy nodes, wait, find out what failed, and
 * launch again on the nodes left, spares filling in, until the job finishes (the application
 * called Scr.close()), a halt condition holds, too few nodes remain or the runs are used up. The
 * launcher knows the library only through the control directory: the halt file, the heartbeat,
 * the event log.
 */
public final class RelaunchLoop {
    /** How the job ended. */
    public record Ending(boolean finished, boolean halted, int runs, int failures, String why) {
    }

    private final JobContext job;
    private final Backend backend;
    private final RunSettings settings;
    private final JobSteps steps;
    private final NodeChecks checks;
    private final DownNodes ours;
    private final List<StepMonitor> extraMonitors;
    private final PrintStream out;
    private final StepOutput application;
    private LauncherState state;

    /** {@code application} gets what the ranks print; the launcher's own lines go to {@code out}. */
    public RelaunchLoop(JobContext job, Backend backend, LauncherState state, RunSettings settings, List<StepMonitor> extraMonitors,
            PrintStream out, StepOutput application) {
        this.job = requireNonNull(job, "job is null");
        this.backend = requireNonNull(backend, "backend is null");
        this.state = requireNonNull(state, "state is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.extraMonitors = List.copyOf(extraMonitors);
        this.out = requireNonNull(out, "out is null");
        this.application = requireNonNull(application, "application is null");
        this.steps = new JobSteps(state, backend, java.nio.file.Path.of("").toAbsolutePath());
        this.checks = new NodeChecks(backend, job.storage(state.jobId()), steps);
        this.ours = new DownNodes(job.control);
    }

    public LauncherState state() {
        return state;
    }

    public Ending run() throws IOException, InterruptedException {
        ControlDirectory control = job.control;
        int run = 0;
        int failures = 0;
        while (true) {
            Optional<String> halt = haltReason();
            if (halt.isPresent()) {
                return new Ending(false, true, run, failures, "a halt condition holds: " + halt.get());
            }
            Map<String, String> down = down();
            Placement.Result placed = Placement.assign(state.slots().isEmpty() ? List.of() : state.slots(), state.nodes(),
                    down.keySet(), settings.nodes(), settings.minNodes() == 0 ? settings.nodes() : settings.minNodes());
            if (!placed.ok()) {
                return new Ending(false, false, run, failures, "too few nodes: " + placed.problem());
            }
            state = state.withSlots(placed.slots());
            state.write(control);
            run++;
            List<String> placement = Placement.ranks(placed.slots(), settings.ranksPerNode());
            List<String> spares = new ArrayList<>(state.nodes());
            spares.removeAll(placed.slots());
            spares.removeAll(down.keySet());
            out.printf("scr4j: run %d: %d rank(s) on %s; spares: %s; down: %s%n", run, placement.size(),
                    String.join(",", new LinkedHashSet<>(placed.slots())), spares.isEmpty() ? "none" : String.join(",", spares),
                    down.isEmpty() ? "none" : String.join(",", down.keySet()));
            Instant start = Instant.now();
            Map<String, String> extra = new LinkedHashMap<>();
            List<StepMonitor> monitors = new ArrayList<>(extraMonitors);
            monitors.add(new HaltMonitor(control));
            settings.watchdog().ifPresent(w -> {
                extra.put("SCR_HEARTBEAT_SECONDS", Long.toString(Watchdog.heartbeatSeconds(w)));
                monitors.add(new Watchdog(control, w, start));
            });
            StepSpec spec = steps.spec("run " + run, settings.command(), placement, extra, application);
            StepRunner.Outcome outcome = new StepRunner(backend).run(spec, monitors);
            if (finalized()) {
                return new Ending(true, false, run, failures, "the job finished (it called Scr.close()) in run " + run);
            }
            Map<String, String> newlyDown = new TreeMap<>(backend.downNodes());
            List<String> toCheck = new ArrayList<>(new TreeSet<>(placed.slots()));
            toCheck.removeAll(newlyDown.keySet());
            checks.check(toCheck).forEach(newlyDown::putIfAbsent);
            newlyDown.keySet().removeAll(down.keySet());
            ours.add(newlyDown);
            List<Map<String, Object>> failed = failures(run, outcome, newlyDown, placement);
            for (Map<String, Object> f : failed) {
                control.log().append(f);
                out.printf("scr4j: run %d failed: node %s: %s%n", run, f.get("node"), f.get("cause"));
            }
            failures += failed.size();
            if (failed.isEmpty() && outcome.killedFor().isEmpty()) {
                Optional<String> haltNow = haltReason();
                return new Ending(false, haltNow.isPresent(), run, failures, haltNow.map(h -> "a halt condition holds: " + h).orElse(
                        "run " + run + " ended with 0 but the application did not call Scr.close(); not relaunching"));
            }
            if (settings.runs() != -1 && run >= settings.runs()) {
                return new Ending(false, false, run, failures, "no runs left (--runs " + settings.runs() + ")");
            }
            CrashPoints.reach(CrashPoints.LAUNCHER_RELAUNCH);
        }
    }

    /**
     * What went wrong in a run, one event per cause, for the log (and so for the MTBF estimate):
     * each node found down, else the step's own failure or the watchdog's reason.
     */
    private static List<Map<String, Object>> failures(int run, StepRunner.Outcome outcome, Map<String, String> newlyDown,
            List<String> placement) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (Map.Entry<String, String> d : newlyDown.entrySet()) {
            events.add(event(run, d.getKey(), "node down: " + d.getValue()));
        }
        boolean halted = outcome.killedFor().filter(k -> k.startsWith("halt")).isPresent();
        if (events.isEmpty() && !halted && (outcome.killedFor().isPresent() || !outcome.result().succeeded())) {
            String node = outcome.result().firstFailedRank().stream().mapToObj(placement::get).findFirst().orElse("-");
            events.add(event(run, outcome.killedFor().isPresent() ? "-" : node,
                    outcome.killedFor().orElse(outcome.result().summary())));
        }
        return events;
    }

    private static Map<String, Object> event(int run, String node, String cause) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("event", "failure");
        e.put("run", run);
        e.put("node", node);
        e.put("cause", cause);
        return e;
    }

    private Map<String, String> down() throws IOException {
        return ours.all(backend, settings.exclude());
    }

    private Optional<String> haltReason() throws IOException {
        HaltRecord halt = job.control.halt().read();
        return halt.check(Instant.now(), state.endTime(), job.environment.config.getLong("scr.halt.seconds"))
                .filter(r -> !r.equals(HaltRecord.FINALIZE_CALLED));
    }

    private boolean finalized() throws IOException {
        return job.control.halt().read().reason().filter(HaltRecord.FINALIZE_CALLED::equals).isPresent();
    }
}
