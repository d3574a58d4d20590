package org.scr4j.group.net;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.Map;
import java.util.Optional;
import org.scr4j.conf.ConfigException;
import org.scr4j.conf.JobIdentity;
import org.scr4j.conf.ScrConfig;
import org.scr4j.conf.ScrKeys;
import org.scr4j.group.Group;
import org.scr4j.group.SoloGroup;

/**
 * The job group of this process, as its environment describes it.
 *
 * <ul>
 *   <li>{@code SCR4J_RANK}, {@code SCR4J_SIZE}: this process's rank and the number of ranks; else
 *       {@code SLURM_PROCID}, {@code SLURM_NTASKS}. Neither, or a size of 1: a job of one rank.
 *   <li>{@code SCR4J_RENDEZVOUS}: host:port where rank 0 listens and every other rank connects.
 *   <li>{@code SCR4J_SECRET_FILE}: the job secret ({@link JobSecret}), mode 0600 or 0400.
 *   <li>{@code SCR4J_NODE}: the node name, else {@code SLURMD_NODENAME}, else the host name.
 *   <li>{@code SCR4J_LAUNCHER_PID}: set by the local launcher; the rank halts when that process ends.
 * </ul>
 */
public final class JobGroups {
    private JobGroups() {
    }

    /**
     * Joins the job group: returns once every rank has joined, or throws a {@link ConfigException}
     * for a wrong environment and a {@link org.scr4j.group.GroupException} for a group that could
     * not form. The caller closes the group.
     */
    public static Group fromEnvironment(ScrConfig config, Map<String, String> env) {
        String node = JobIdentity.of(config, env).node();
        Optional<GroupEnvironment> job = GroupEnvironment.of(env, node);
        LauncherWatch.start(env);
        if (job.isEmpty()) {
            return new SoloGroup(node);
        }
        long timeout = config.getLong(ScrKeys.GROUP_TIMEOUT);
        if (timeout < 1) {
            throw new ConfigException("SCR_GROUP_TIMEOUT (" + ScrKeys.GROUP_TIMEOUT + ") is " + timeout + ", from "
                    + config.setting(ScrKeys.GROUP_TIMEOUT).origin() + ": a job group needs at least 1 second to tell a dead"
                    + " rank from a slow one. Fix: set it to 1 or more (the default is 10)");
        }
        return Join.join(job.get(), secret(job.get()), timeout);
    }

    private static JobSecret secret(GroupEnvironment job) {
        try {
            return JobSecret.read(job.secretFile());
        } catch (AccessDeniedException e) {
            throw new ConfigException(GroupEnvironment.SECRET_FILE + "=" + job.secretFile() + ": this user may not read the job"
                    + " secret. Fix: run every rank as the user who started the job, whose secret it is");
        } catch (IOException e) {
            throw new ConfigException(GroupEnvironment.SECRET_FILE + "=" + job.secretFile() + ": " + e.getMessage());
        }
    }
}
