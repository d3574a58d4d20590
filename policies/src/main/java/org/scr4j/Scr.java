package org.scr4j;

import static java.util.Objects.requireNonNull;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.util.Map;
import java.util.Optional;
import org.scr4j.conf.ConfigLoader;
import org.scr4j.conf.JobIdentity;
import org.scr4j.conf.ScrConfig;
import org.scr4j.conf.ScrModule;
import org.scr4j.engine.Engine;
import org.scr4j.group.Group;
import org.scr4j.group.net.JobGroups;
import org.scr4j.scheme.SchemeModule;
import org.scr4j.scheme.SchemeRegistry;
import org.scr4j.tier.TierContext;
import org.scr4j.tier.TierRegistry;

/**
 * The checkpoint/restart library an application calls, with SCR's semantics. Every method except
 * {@link #rank()} and {@link #size()} is collective: every rank calls it, in the same order, and
 * gets the same answer.
 *
 * <pre>{@code
 * try (Scr scr = Scr.init()) {
 *     Optional<String> name = scr.haveRestart();
 *     if (name.isPresent()) {
 *         try (Restart r = scr.startRestart(name.get())) { read(r.route("state.bin")); r.complete(true); }
 *     }
 *     for (int step = ...) {
 *         compute();
 *         if (scr.needCheckpoint()) {
 *             try (Output out = scr.startOutput("ckpt." + step, Flag.CHECKPOINT)) {
 *                 write(out.route("state.bin")); out.complete(true);
 *             }
 *         }
 *         if (scr.shouldExit()) break;
 *     }
 * }
 * }</pre>
 */
public final class Scr implements AutoCloseable {
    private final Engine engine;
    /** The group {@link #init()} joined, closed with this; null when the caller passed its own group. */
    private final Group ownGroup;

    private Scr(Engine engine, Group ownGroup) {
        this.engine = engine;
        this.ownGroup = ownGroup;
    }

    /**
     * Configuration from scr4j-default.xml, scr4j-site.xml, SCR_CONF_FILE and SCR_* environment
     * variables; the job group from SCR4J_RANK, SCR4J_SIZE, SCR4J_RENDEZVOUS and SCR4J_SECRET_FILE
     * (see {@link JobGroups}), or a job of one rank when they are not set.
     */
    public static Scr init() {
        return init(Map.of());
    }

    /** As {@link #init()}, plus values set by the program (SCR names or dotted keys), which override all others. */
    public static Scr init(Map<String, String> overrides) {
        ScrConfig config = ConfigLoader.fromEnvironment().load(overrides);
        Map<String, String> env = System.getenv();
        TierContext identity = JobIdentity.of(config, env);
        Group group = JobGroups.fromEnvironment(config, env);
        try {
            return open(config, group, new TierContext(identity.user(), identity.job(), group.node()), group);
        } catch (RuntimeException | Error e) {
            try {
                group.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** One rank of a job whose ranks share a {@link Group}, such as threads of one process; the caller closes the group. */
    public static Scr init(Group group, Map<String, String> overrides) {
        requireNonNull(group, "group is null");
        ScrConfig config = ConfigLoader.fromEnvironment().load(overrides);
        TierContext identity = JobIdentity.of(config, System.getenv());
        return open(config, group, new TierContext(identity.user(), identity.job(), group.node()), null);
    }

    private static Scr open(ScrConfig config, Group group, TierContext context, Group ownGroup) {
        Injector injector = Guice.createInjector(new ScrModule(config), new SchemeModule());
        return new Scr(Engine.open(config, group, injector.getInstance(TierRegistry.class),
                injector.getInstance(SchemeRegistry.class), context), ownGroup);
    }

    public int rank() {
        return engine.rank();
    }

    public int size() {
        return engine.size();
    }

    /** Whether to checkpoint now: SCR_CHECKPOINT_INTERVAL, _SECONDS, _OVERHEAD, or a pending halt. */
    public boolean needCheckpoint() {
        return engine.needCheckpoint();
    }

    /** Starts a dataset; {@code name} null means "dataset.ID". */
    public Output startOutput(String name, Flag... flags) {
        return engine.startOutput(name, flags);
    }

    /** The newest checkpoint every rank can read, from the cache or fetched from the prefix. */
    public Optional<String> haveRestart() {
        return engine.haveRestart();
    }

    public Restart startRestart(String name) {
        return engine.startRestart(name);
    }

    /** True when a halt condition holds: the job should write its last checkpoint and end. */
    public boolean shouldExit() {
        return engine.shouldExit();
    }

    /** Before a restart: restart from this checkpoint. After one: the checkpoint the application loaded itself. */
    public void current(String name) {
        engine.current(name);
    }

    /** Deletes a dataset from the cache, the prefix and the index. */
    public void delete(String name) {
        engine.delete(name);
    }

    /** Removes a dataset from the index only; its files stay. */
    public void drop(String name) {
        engine.drop(name);
    }

    /**
     * Copies to the prefix what only the cache holds: the newest checkpoint and every output not yet
     * flushed (SCR's scavenge; `scr4j drain` runs it after a job). Collective; returns one line per
     * dataset saying what happened to it.
     */
    public java.util.List<String> drain() {
        return engine.drain((done, total) -> { });
    }

    /** As {@link #drain()}, telling {@code progress} how many of this rank's bytes are on the prefix so far. */
    public java.util.List<String> drain(DrainProgress progress) {
        return engine.drain(java.util.Objects.requireNonNull(progress, "progress is null"));
    }

    /** SCR_Finalize: waits for flushes, flushes the newest checkpoint if configured, records that the job finished. */
    @Override
    public void close() {
        try {
            engine.close();
        } finally {
            if (ownGroup != null) {
                ownGroup.close();
            }
        }
    }
}
