package org.scr4j.conf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.scr4j.tier.TierContext;

/**
 * Who runs where: the user, the job id and this process's node name, the values of ${user},
 * ${job} and ${node} in tier bases.
 */
public final class JobIdentity {
    private JobIdentity() {
    }

    /**
     * The job is scr.job.id, else SLURM_JOB_ID, else "nojob"; the node is SCR4J_NODE, else
     * SLURMD_NODENAME, else the short host name.
     */
    public static TierContext of(ScrConfig config, Map<String, String> env) {
        String job = config.get(ScrKeys.JOB_ID);
        if (job.isEmpty()) {
            job = env.getOrDefault("SLURM_JOB_ID", "nojob");
        }
        String node = env.get("SCR4J_NODE");
        if (node == null || node.isBlank()) {
            node = env.get("SLURMD_NODENAME");
        }
        if (node == null || node.isBlank()) {
            node = hostName(env);
        }
        return new TierContext(System.getProperty("user.name"), job, node);
    }

    /** Read from the kernel, not from DNS: looking a name up could leave the machine. */
    private static String hostName(Map<String, String> env) {
        String host;
        try {
            host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            host = env.getOrDefault("HOSTNAME", "localhost");
        }
        int dot = host.indexOf('.');
        return dot > 0 ? host.substring(0, dot) : host;
    }
}
