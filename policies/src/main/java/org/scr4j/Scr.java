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
import org.scr4j.group.SoloGroup;
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

    private Scr(Engine engine) {
        this.engine = engine;
    }

    /** Configuration from scr4j-default.xml, scr4j-site.xml, SCR_CONF_FILE and SCR_* environment variables. */
    public static Scr init() {
        return init(Map.of());
    }

    /** As {@link #init()}, plus values set by the program (SCR names or dotted keys), which override all others. */
    public static Scr init(Map<String, String> overrides) {
        ScrConfig config = ConfigLoader.fromEnvironment().load(overrides);
        TierContext context = JobIdentity.of(config, System.getenv());
        return open(config, new SoloGroup(context.node()), context);
    }

    /** One rank of a job whose ranks share a {@link Group}, such as threads of one process. */
    public static Scr init(Group group, Map<String, String> overrides) {
        requireNonNull(group, "group is null");
        ScrConfig config = ConfigLoader.fromEnvironment().load(overrides);
        TierContext identity = JobIdentity.of(config, System.getenv());
        return open(config, group, new TierContext(identity.user(), identity.job(), group.node()));
    }

    private static Scr open(ScrConfig config, Group group, TierContext context) {
        Injector injector = Guice.createInjector(new ScrModule(config), new SchemeModule());
        return new Scr(Engine.open(config, group, injector.getInstance(TierRegistry.class),
                injector.getInstance(SchemeRegistry.class), context));
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

    /** SCR_Finalize: waits for flushes, flushes the newest checkpoint if configured, records that the job finished. */
    @Override
    public void close() {
        engine.close();
    }
}
