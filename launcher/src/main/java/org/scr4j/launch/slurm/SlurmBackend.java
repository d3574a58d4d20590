package org.scr4j.launch.slurm;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.scr4j.launch.run.Allocation;
import org.scr4j.launch.run.Backend;
import org.scr4j.launch.run.Step;
import org.scr4j.launch.run.StepSpec;

/**
 * The Slurm allocation this process runs in (salloc or sbatch): steps are srun job steps with the
 * exact placement asked for, down nodes are what sinfo and squeue say.
 *
 * <p>The allocation must be made with {@code --no-kill}, or the first node failure ends the whole
 * job. Timing measured on Slurm 22.05 with SlurmdTimeout=5 (scripts/slurm-local): after a node's
 * slurmd and tasks die, sinfo shows it not responding ({@code allocated*}) after about 8 s and
 * {@code down*} after about 16 s; a running step's srun fails ("Node failure on n2", exit 137) when
 * the node is marked down, killing the ranks on the other nodes. A step launched onto a dead node
 * that Slurm has not marked yet fails in about 6 s ("Communication connection failure", exit 233)
 * when the connection is refused; on a real network an unreachable host costs srun up to
 * MessageTimeout per try instead. Once down, Slurm drops the node from the job, and a step asking
 * for it fails at once ("Requested node configuration is not available").
 */
public final class SlurmBackend implements Backend {
    private static final Pattern NODE_ADDR = Pattern.compile("(?:^|\\s)NodeAddr=(\\S+)");
    private static final Pattern STEP_NAME_UNSAFE = Pattern.compile("[^A-Za-z0-9_.-]+");
    /** sinfo base states (without their flag characters) of a node that cannot run ranks. */
    private static final Set<String> BAD_STATES = Set.of("down", "drain", "drained", "draining", "drng", "fail", "failing",
            "inval", "not_responding");

    private final SlurmClient client;
    private final String jobId;
    private final List<String> nodes;

    /**
     * @param env the launcher's environment (System.getenv() in production): every Slurm command
     *            runs with exactly these variables. It must hold SLURM_JOB_ID and SLURM_JOB_NODELIST
     *            (or SLURM_NODELIST), as salloc and sbatch set them, and SLURM_CONF unless Slurm's
     *            configuration is at /etc/slurm/slurm.conf
     */
    public SlurmBackend(Map<String, String> env) {
        requireNonNull(env, "env is null");
        String job = env.getOrDefault("SLURM_JOB_ID", env.get("SLURM_JOBID"));
        if (job == null || job.isBlank()) {
            throw new IllegalStateException("not inside a Slurm allocation: SLURM_JOB_ID is not set. Fix: run inside"
                    + " salloc/sbatch, e.g. salloc -N4 --no-kill scr4j run --backend slurm -- ...; or choose --backend local");
        }
        String nodelist = env.getOrDefault("SLURM_JOB_NODELIST", env.get("SLURM_NODELIST"));
        if (nodelist == null || nodelist.isBlank()) {
            throw new IllegalStateException("Slurm job " + job + ": neither SLURM_JOB_NODELIST nor SLURM_NODELIST is set;"
                    + " salloc and sbatch set them. Fix: run inside the allocation, or set SLURM_JOB_NODELIST to its nodes"
                    + " (squeue -h -j " + job + " -o %N)");
        }
        this.jobId = job.strip();
        this.nodes = HostList.parse(nodelist);
        this.client = new SlurmClient(env);
    }

    @Override
    public String name() {
        return "slurm";
    }

    /** The job's id, the nodes it was granted (in Slurm's order, including any since failed), its end. */
    @Override
    public Allocation allocation() throws IOException {
        // %s: epoch seconds, whatever the time zone; "NONE" or "Unknown" when there is no limit.
        String end = client.run(Map.of("SLURM_TIME_FORMAT", "%s"), "squeue", "-h", "-j", jobId, "-o", "%e").strip();
        long endTime = end.matches("\\d+") ? Long.parseLong(end) : 0;
        return new Allocation(jobId, nodes, endTime);
    }

    /**
     * Nodes of the allocation that Slurm reports down, drained, failing or not responding, and
     * nodes Slurm has taken out of the job (it does so with a failed node under --no-kill; such a
     * node never comes back to this job even if its slurmd returns).
     *
     * @throws IOException when the job no longer runs: no step can start in it
     */
    @Override
    public Map<String, String> downNodes() throws IOException {
        String job = client.run("squeue", "-h", "-j", jobId, "-o", "%T|%N").strip();
        int bar = job.indexOf('|');
        String state = bar < 0 ? job : job.substring(0, bar);
        if (!state.equals("RUNNING")) {
            throw new IOException("Slurm job " + jobId + " is " + (state.isEmpty() ? "gone" : state) + ", not RUNNING: the"
                    + " allocation has ended. A node failure ends it unless it was made with --no-kill (salloc -N4 --no-kill)");
        }
        String jobNodes = job.substring(bar + 1).strip();
        Set<String> stillInJob = new HashSet<>(jobNodes.isEmpty() ? List.of() : HostList.parse(jobNodes));

        Map<String, String> states = new HashMap<>();
        String out = client.run("sinfo", "-h", "-N", "-n", HostList.format(nodes), "-o", "%N|%T|%E");
        for (String line : SlurmClient.lines(out)) {
            String[] f = line.split("\\|", 3);
            if (f.length == 3) {
                states.putIfAbsent(f[0], problem(f[1], f[2]));
            }
        }
        Map<String, String> down = new LinkedHashMap<>();
        for (String node : nodes) {
            if (!states.containsKey(node)) {
                down.put(node, "not known to Slurm (sinfo does not list it)");
            } else if (!states.get(node).isEmpty()) {
                down.put(node, states.get(node));
            } else if (!stillInJob.contains(node)) {
                down.put(node, "no longer part of Slurm job " + jobId + " (Slurm removed it, as after a node failure)");
            }
        }
        return down;
    }

    /** "" for a usable node, else the state and Slurm's reason, such as "down*: Not responding". */
    static String problem(String state, String reason) {
        String s = state.strip().toLowerCase(Locale.ROOT);
        // Flag characters sinfo appends: * not responding, ~ powered off, # powering up, ! pending power down, ...
        String base = s.replaceAll("[*~#%!$@^\\-]+$", "");
        boolean notResponding = s.contains("*");
        if (!notResponding && !BAD_STATES.contains(base)) {
            return "";
        }
        String why = reason.strip();
        return state.strip() + (why.isEmpty() || why.equalsIgnoreCase("none") ? (notResponding ? ": not responding" : "")
                : ": " + why);
    }

    /** The node's NodeAddr, which srun and the ranks reach it at. */
    @Override
    public String address(String node) throws IOException {
        requireNonNull(node, "node is null");
        String out = client.run("scontrol", "-o", "show", "node", node);
        Matcher m = NODE_ADDR.matcher(out);
        if (!m.find()) {
            throw new IOException("scontrol show node " + node + " names no NodeAddr: " + out.strip());
        }
        return m.group(1);
    }

    /**
     * Starts {@code srun} with rank r on {@code spec.placement().get(r)} (see {@link SrunCommand}).
     * The step is named {@code scr4j-<label>-<random>} in squeue.
     */
    @Override
    public Step launch(StepSpec spec) throws IOException {
        requireNonNull(spec, "spec is null");
        List<String> placement = spec.placement();
        Set<String> granted = Set.copyOf(nodes);
        for (int r = 0; r < placement.size(); r++) {
            if (!granted.contains(placement.get(r))) {
                throw new IllegalArgumentException("rank " + r + "'s node " + placement.get(r) + " is not in Slurm job " + jobId
                        + " (" + HostList.format(nodes) + "); place ranks on the allocation's nodes only");
            }
        }
        String stepName = "scr4j-" + STEP_NAME_UNSAFE.matcher(spec.label()).replaceAll("-") + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        Path hostFile = Files.createTempFile("scr4j-hosts-", ".txt");
        return SrunStep.start(client, new SrunCommand(jobId, stepName, hostFile, spec));
    }
}
