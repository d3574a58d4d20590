package org.scr4j.launch;

import java.io.PrintWriter;
import java.security.CodeSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scr4j.conf.ConfiguredTiers;
import org.scr4j.conf.JobIdentity;
import org.scr4j.tier.StorageTier;
import org.scr4j.tier.TierFactory;
import org.scr4j.tier.TierHealth;
import org.scr4j.tier.TierRegistry;
import org.scr4j.tier.TierUsage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** 'scr4j tiers': the tier types scr4j knows (built-in and plugins), and the configured tiers' health. */
@Command(name = "tiers", mixinStandardHelpOptions = true,
        description = "List the known tier types and check every configured tier (exists, writable, room left).",
        footer = {"", "Example: scr4j tiers --conf job.conf"})
final class TiersCommand implements Callable<Integer> {
    @Mixin
    JobFileOption jobFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Environment environment = Environment.load(jobFile.file);
        PrintWriter out = spec.commandLine().getOut();
        out.println("tier types:");
        for (Map.Entry<String, TierFactory> e : environment.injector.getInstance(TierRegistry.class).factories().entrySet()) {
            out.printf("  %-10s %-15s %s [%s]%n", e.getKey(), e.getValue().durability(), e.getValue().description(),
                    source(e.getValue()));
        }
        out.println("configured tiers:");
        boolean healthy = true;
        List<StorageTier> tiers = environment.injector.getInstance(ConfiguredTiers.class)
                .open(JobIdentity.of(environment.config, environment.env));
        for (StorageTier tier : tiers) {
            try (tier) {
                TierHealth health = tier.checkHealth();
                TierUsage usage = tier.usage();
                out.printf("  %-8s %-8s %s used=%d available=%d %s%n", tier.name(), tier.type(), tier.location(), usage.used(),
                        usage.available(), health.healthy() ? "OK" : "UNHEALTHY");
                for (String problem : health.problems()) {
                    out.println("      " + problem);
                }
                healthy &= health.healthy();
            }
        }
        return healthy ? 0 : 1;
    }

    /** Built-in, or the jar a plugin's factory was loaded from. */
    private static String source(TierFactory factory) {
        CodeSource source = factory.getClass().getProtectionDomain().getCodeSource();
        if (source == null || factory.getClass().getName().startsWith("org.scr4j.tier.")) {
            return "built-in";
        }
        return "plugin " + source.getLocation().getPath();
    }
}
