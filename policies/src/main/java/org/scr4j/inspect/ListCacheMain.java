package org.scr4j.inspect;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.scr4j.conf.ConfigLoader;
import org.scr4j.conf.JobIdentity;
import org.scr4j.conf.ScrConfig;
import org.scr4j.conf.ScrModule;
import org.scr4j.scheme.SchemeModule;
import org.scr4j.scheme.SchemeRegistry;
import org.scr4j.tier.TierContext;
import org.scr4j.tier.TierRegistry;

/**
 * The per-node half of {@code scr4j inspect}: the launcher starts it once on every node, and it
 * prints one {@link PartLine} per part in this node's cache. It loads the configuration as
 * {@code Scr.init()} does (scr4j-default.xml, scr4j-site.xml, SCR_CONF_FILE, SCR_* variables) and
 * takes the node from SCR4J_NODE, else SLURMD_NODENAME, else the host name, and the job from
 * SCR_JOB_ID, else SLURM_JOB_ID: the same directories the job's ranks on this node used.
 * SCR_PREFIX is read with the rest of the configuration but not needed: only the cache is listed.
 *
 * <p>Exit status: 0 listed (maybe nothing), 1 the cache could not be read, 2 wrong arguments or
 * configuration. Errors go to standard error, naming the node.
 */
public final class ListCacheMain {
    static final String NAME = "scr4j-list-cache";

    private ListCacheMain() {
    }

    public static void main(String[] args) {
        int status = run(args, System.getenv(), System.out, System.err);
        System.out.flush();
        System.err.flush();
        System.exit(status); // Hadoop's and Guice's threads must not keep the node's process alive
    }

    /** Lists the cache the environment {@code env} describes; returns the exit status. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length > 0) {
            err.println(NAME + ": takes no arguments, got " + List.of(args) + "; it reads SCR_CONF_FILE, SCR_JOB_ID and SCR4J_NODE"
                    + " from the environment");
            return 2;
        }
        // Named before the configuration loads, so that an error in it still says which node it came from.
        String node = env.getOrDefault("SCR4J_NODE", env.getOrDefault("SLURMD_NODENAME", "(not named by SCR4J_NODE)"));
        try {
            ScrConfig config = new ConfigLoader(env, ListCacheMain.class.getClassLoader()).load(Map.of());
            TierContext context = JobIdentity.of(config, env);
            node = context.node();
            Injector injector = Guice.createInjector(new ScrModule(config), new SchemeModule());
            CacheListing listing = new CacheListing(config, injector.getInstance(TierRegistry.class),
                    injector.getInstance(SchemeRegistry.class));
            for (PartListing part : listing.list(context)) {
                out.println(PartLine.format(part));
            }
            out.flush();
            return 0;
        } catch (IllegalArgumentException e) {
            // ConfigException, and the tiers' refusals of a base or a node name: all fixed in the configuration.
            err.println(NAME + ": node " + node + ": " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println(NAME + ": node " + node + ": cannot list the cache: " + e.getMessage());
            return 1;
        }
    }
}
