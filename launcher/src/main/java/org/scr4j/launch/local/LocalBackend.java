package org.scr4j.launch.local;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scr4j.control.ControlDirectory;
import org.scr4j.launch.run.Allocation;
import org.scr4j.launch.run.Backend;
import org.scr4j.launch.run.DownNodes;
import org.scr4j.launch.run.NodeStorage;
import org.scr4j.launch.run.Step;
import org.scr4j.launch.run.StepSpec;

/**
 * Simulated nodes on this machine: each has a name (n1, n2, ...) and its own node-local tier
 * directories (through ${node} in the tier bases); a rank is a process started with the job
 * group's environment and SCR4J_NODE set to its node. A node "crashes" when {@link #crash} (or
 * {@code scr4j kill-node}) kills its ranks and wipes its storage; it stays down for the job.
 */
public final class LocalBackend implements Backend {
    private final Allocation allocation;
    private final DownNodes down;
    private final LocalRanks ranks;
    private final NodeStorage storage;

    public LocalBackend(Allocation allocation, ControlDirectory control, NodeStorage storage) {
        this.allocation = requireNonNull(allocation, "allocation is null");
        this.down = new DownNodes(control);
        this.ranks = new LocalRanks(control);
        this.storage = requireNonNull(storage, "storage is null");
    }

    /** Node names n1..nCOUNT. */
    public static List<String> nodeNames(int count) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            names.add("n" + i);
        }
        return names;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Allocation allocation() {
        return allocation;
    }

    /** The simulated resource manager knows a node is down once it crashed. */
    @Override
    public Map<String, String> downNodes() throws IOException {
        Map<String, String> all = down.read();
        all.keySet().retainAll(allocation.nodes());
        return all;
    }

    @Override
    public String address(String node) {
        return "127.0.0.1";
    }

    @Override
    public Step launch(StepSpec spec) throws IOException {
        List<Process> started = new ArrayList<>();
        Map<String, List<LocalRanks.Started>> byNode = new LinkedHashMap<>();
        try {
            for (int r = 0; r < spec.ranks(); r++) {
                String node = spec.placement().get(r);
                if (!allocation.nodes().contains(node)) {
                    throw new IllegalArgumentException("node '" + node + "' is not one of the simulated nodes " + allocation.nodes());
                }
                ProcessBuilder builder = new ProcessBuilder(spec.command()).directory(spec.workDir().toFile());
                Map<String, String> env = builder.environment();
                env.putAll(spec.env());
                env.put("SCR4J_RANK", Integer.toString(r));
                env.put("SCR4J_SIZE", Integer.toString(spec.ranks()));
                env.put("SCR4J_NODE", node);
                // A rank dies with its launcher, as a node's tasks end with their allocation.
                env.put("SCR4J_LAUNCHER_PID", Long.toString(ProcessHandle.current().pid()));
                Process p = builder.start();
                started.add(p);
                byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(LocalRanks.Started.of(p.toHandle()));
            }
            ranks.write(byNode);
        } catch (IOException | RuntimeException e) {
            started.forEach(Process::destroyForcibly);
            throw e;
        }
        return new LocalStep(spec.label(), started, spec.placement(), spec.output());
    }

    /**
     * The processes of the newest step the launcher started, per node, that are still running (a
     * process that reused a pid is not one of them), for tools that inject faults.
     */
    public Map<String, List<ProcessHandle>> liveRanks() throws IOException {
        Map<String, List<ProcessHandle>> live = new LinkedHashMap<>();
        for (Map.Entry<String, List<LocalRanks.Started>> e : ranks.read().entrySet()) {
            List<ProcessHandle> handles = e.getValue().stream().flatMap(s -> s.handle().stream()).toList();
            if (!handles.isEmpty()) {
                live.put(e.getKey(), handles);
            }
        }
        return live;
    }

    /**
     * Crashes a node: it is recorded down first (so the launcher, seeing its ranks die, knows why),
     * then its ranks are killed, then its node-local storage is wiped.
     */
    public void crash(String node, String why) throws IOException {
        if (!allocation.nodes().contains(node)) {
            throw new IllegalArgumentException("there is no simulated node '" + node + "'; the nodes are " + allocation.nodes());
        }
        down.add(Map.of(node, "crashed (" + why + ") at " + Instant.now()));
        for (LocalRanks.Started s : ranks.on(node)) {
            s.handle().ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            });
        }
        storage.wipe(node);
    }
}
