package org.scr4j.launch.chaos;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.scr4j.launch.local.LocalBackend;
import org.scr4j.launch.run.Allocation;
import org.scr4j.launch.run.JobContext;
import org.scr4j.launch.run.LauncherState;

/**
 * Fires a trial's faults at its running job, as an operator or the machine would: a rank's
 * process killed, a simulated node crashed (what {@code scr4j kill-node} does), the launcher and
 * all it started killed. Ranks and nodes are chosen among those running the application's ranks
 * right now, found through the launcher's records in the prefix.
 */
final class FaultInjector {
    private final JobContext job;
    private final TrialProcesses processes;
    private final String appClass;

    FaultInjector(JobContext job, TrialProcesses processes, String appClass) {
        this.job = requireNonNull(job, "job is null");
        this.processes = requireNonNull(processes, "processes is null");
        this.appClass = requireNonNull(appClass, "appClass is null");
    }

    /** Fires {@code fault} now and says what it hit; empty when no rank of the application runs yet to hit. */
    Optional<String> fire(Fault fault, LauncherRun launcher) throws IOException, InterruptedException {
        if (fault.kind() == FaultKind.LAUNCHER_KILL) {
            processes.killLauncher(launcher.handle());
            return Optional.of("launcher pid " + launcher.handle().pid());
        }
        Optional<LauncherState> state = LauncherState.read(job.control);
        if (state.isEmpty()) {
            return Optional.empty();
        }
        LocalBackend backend = new LocalBackend(new Allocation(state.get().jobId(), state.get().nodes(), state.get().endTime()),
                job.control, job.storage(state.get().jobId()));
        Map<String, List<ProcessHandle>> ranks = new TreeMap<>();
        backend.liveRanks().forEach((node, handles) -> {
            List<ProcessHandle> app = handles.stream().filter(this::runsTheApplication).toList();
            if (!app.isEmpty()) {
                ranks.put(node, app);
            }
        });
        if (ranks.isEmpty()) {
            return Optional.empty();
        }
        if (fault.kind() == FaultKind.NODE_CRASH) {
            String node = new ArrayList<>(ranks.keySet()).get(fault.pick() % ranks.size());
            backend.crash(node, "scr4j chaos");
            return Optional.of(node);
        }
        List<String> labels = new ArrayList<>();
        List<ProcessHandle> all = new ArrayList<>();
        ranks.forEach((node, handles) -> handles.forEach(h -> {
            labels.add("pid " + h.pid() + " on " + node);
            all.add(h);
        }));
        int victim = fault.pick() % all.size();
        all.get(victim).destroyForcibly();
        return Optional.of(labels.get(victim));
    }

    /** Node checks and drains run as steps too; only the application's ranks are victims. */
    private boolean runsTheApplication(ProcessHandle p) {
        return TrialProcesses.commandLine(p.pid()).contains(appClass);
    }
}
