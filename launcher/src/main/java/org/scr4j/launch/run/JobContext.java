package org.scr4j.launch.run;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.scr4j.conf.ConfiguredTiers;
import org.scr4j.control.ControlDirectory;
import org.scr4j.engine.Engine;
import org.scr4j.launch.Environment;
import org.scr4j.launch.local.LocalBackend;
import org.scr4j.launch.slurm.HostList;
import org.scr4j.launch.slurm.SlurmBackend;
import org.scr4j.tier.TierRegistry;

/**
 * What every launcher command works from: the job's configuration (as its ranks load it), its
 * prefix and control directory, and its configured cache tiers.
 */
public final class JobContext implements AutoCloseable {
    public final Environment environment;
    public final URI prefix;
    public final ControlDirectory control;
    /** The job file the ranks read (absolute), or null when there is none. */
    public final String confFile;

    private JobContext(Environment environment, URI prefix, ControlDirectory control, String confFile) {
        this.environment = environment;
        this.prefix = prefix;
        this.control = control;
        this.confFile = confFile;
    }

    /** Loads the configuration with {@code confFile} (or $SCR_CONF_FILE) and opens the prefix's control directory. */
    public static JobContext open(String confFile) throws IOException {
        return open(confFile, Map.of());
    }

    /** As {@link #open(String)}, with settings (SCR_PREFIX=..., as environment variables) over the environment's. */
    public static JobContext open(String confFile, Map<String, String> settings) throws IOException {
        String conf = confFile != null ? confFile : System.getenv("SCR_CONF_FILE");
        if (conf != null && !conf.isBlank()) {
            conf = Path.of(conf).toAbsolutePath().normalize().toString();
        } else {
            conf = null;
        }
        return open(Environment.load(conf, settings), conf);
    }

    /**
     * The job with job file {@code confFile} as its ranks see it when started with exactly
     * {@code env}: a tool that starts jobs with an environment of its own (scr4j chaos) sees
     * their prefix and caches, not what its own shell's SCR_* variables would make of them.
     */
    public static JobContext isolated(Path confFile, Map<String, String> env) throws IOException {
        String conf = confFile.toAbsolutePath().normalize().toString();
        return open(Environment.isolated(conf, env), conf);
    }

    private static JobContext open(Environment environment, String conf) throws IOException {
        URI prefix = Engine.prefixUri(environment.config);
        ControlDirectory control = ControlDirectory.open(prefix, environment.config.hadoopConfiguration());
        return new JobContext(environment, prefix, control, conf);
    }

    public String user() {
        return System.getProperty("user.name");
    }

    public int flushEvery() {
        return environment.config.getInt("scr.flush");
    }

    public NodeStorage storage(String jobId) {
        return new NodeStorage(new ConfiguredTiers(environment.config, environment.injector.getInstance(TierRegistry.class)),
                user(), jobId);
    }

    /** The backend a finished (or crashed) run used, for drain, inspect and rebuild. */
    public Backend backend(LauncherState state) throws IOException {
        return switch (state.backend()) {
            case "local" -> new LocalBackend(new Allocation(state.jobId(), state.nodes(), state.endTime()), control,
                    storage(state.jobId()));
            case "slurm" -> slurm(state.jobId());
            default -> throw new IOException("launcher.json names an unknown backend '" + state.backend() + "'");
        };
    }

    /** The Slurm allocation this process runs in, which must be the job's. */
    private Backend slurm(String jobId) throws IOException {
        SlurmBackend backend = new SlurmBackend(environment.env);
        String here = backend.allocation().jobId();
        if (!here.equals(jobId)) {
            throw new IllegalArgumentException("this command runs in Slurm job " + here + ", but the job's caches belong to"
                    + " job " + jobId + ". Fix: run it inside that allocation (srun --jobid=" + jobId + " or from its batch script)");
        }
        return backend;
    }

    /** SCR_EXCLUDE_NODES: nodes the job never uses. */
    public List<String> excludedNodes() {
        String hostList = environment.config.get("scr.exclude.nodes");
        return hostList.isBlank() ? List.of() : HostList.parse(hostList);
    }

    public Map<String, String> env() {
        return environment.env;
    }

    @Override
    public void close() throws IOException {
        control.fileSystem().close();
    }
}
