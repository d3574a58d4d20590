package org.scr4j.launch.run;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment of a job's steps: where the ranks find their configuration, prefix and job id
 * (so every step sees the same cache paths), where rank 0 listens for the job group, and the
 * job's secret.
 */
public final class JobSteps {
    private final LauncherState state;
    private final Backend backend;
    private final Path workDir;

    public JobSteps(LauncherState state, Backend backend, Path workDir) {
        this.state = requireNonNull(state, "state is null");
        this.backend = requireNonNull(backend, "backend is null");
        this.workDir = requireNonNull(workDir, "workDir is null");
    }

    /** A step of the job: rank r on placement.get(r), with the job's environment plus {@code extra}. */
    public StepSpec spec(String label, List<String> command, List<String> placement, Map<String, String> extra,
            StepOutput output) throws IOException {
        Map<String, String> env = new HashMap<>();
        if (state.conf() != null) {
            env.put("SCR_CONF_FILE", state.conf());
        }
        env.put("SCR_PREFIX", state.prefix());
        env.put("SCR_JOB_ID", state.jobId());
        if (state.endTime() > 0) {
            env.put("SCR_END_TIME", Long.toString(state.endTime()));
        }
        env.put("SCR4J_RENDEZVOUS", backend.address(placement.get(0)) + ":" + freePort());
        env.put("SCR4J_SECRET_FILE", state.secretFile());
        env.putAll(extra);
        return new StepSpec(label, command, placement, env, workDir, output);
    }

    /**
     * A port free on this host now. Rank 0 binds it moments later; on another host (Slurm) it is a
     * port that is free here, which is as good a guess as any.
     */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
