package org.scr4j.launch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scr4j.conf.ConfiguredTiers;
import org.scr4j.conf.Descriptor;
import org.scr4j.conf.KeyDocs;
import org.scr4j.conf.ScrKeys;
import org.scr4j.conf.Setting;
import org.scr4j.tier.TierSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** 'scr4j conf': every effective value and where it came from. */
@Command(name = "conf", mixinStandardHelpOptions = true,
        description = {"Print every effective configuration value and where it came from.",
            "Layers, each overriding the one before: scr4j-default.xml < scr4j-site.xml (SCR4J_CONF_DIR) "
                + "< SCR_CONF_FILE < SCR_* environment variables < values set by the program."},
        footer = {"", "Example: scr4j conf --conf job.conf -v", "Example: scr4j conf --json | jq '.settings[] | select(.key == \"scr.flush\")'"})
final class ConfCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Mixin
    JobFileOption jobFile;

    @Option(names = {"-v", "--verbose"}, description = "Add each key's description.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Environment environment = Environment.load(jobFile.file);
        environment.injector.getInstance(ConfiguredTiers.class).check();
        Map<String, String> docs = KeyDocs.descriptions(Main.class.getClassLoader());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(json(environment, docs));
            return 0;
        }
        Map<String, Setting> settings = environment.config.settings();
        int width = settings.keySet().stream().mapToInt(String::length).max().orElse(10);
        int valueWidth = Math.min(48, settings.values().stream().mapToInt(s -> s.value().length()).max().orElse(10));
        for (Setting s : settings.values()) {
            out.printf("%-" + width + "s = %-" + valueWidth + "s  [%s]%n", s.key(), s.value(), s.origin());
            if (verbose && docs.containsKey(s.key())) {
                out.printf("%-" + width + "s   %s%n", "", docs.get(s.key()));
            }
        }
        out.println();
        out.println("tiers (fastest first):");
        for (TierSpec t : environment.config.tiers()) {
            out.printf("  %-8s type=%-8s base=%s%s%s%n", t.name(), t.type(), t.base(),
                    t.capacity().isPresent() ? " capacity=" + t.capacity().getAsLong() : "",
                    t.options().isEmpty() ? "" : " options=" + t.options());
        }
        out.println("checkpoint descriptors:");
        for (Descriptor d : environment.config.descriptors()) {
            out.printf("  CKPT=%d INTERVAL=%d STORE=%s TYPE=%s SET_SIZE=%d SET_FAILURES=%d GROUP=%s OUTPUT=%d%s%n", d.id(),
                    d.interval(), d.tier(), d.scheme(), d.setSize(), d.setFailures(), d.group(), d.output() ? 1 : 0,
                    d.enabled() ? "" : " (disabled)");
        }
        return 0;
    }

    private static String json(Environment environment, Map<String, String> docs) throws Exception {
        List<Map<String, Object>> settings = new ArrayList<>();
        for (Setting s : environment.config.settings().values()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("key", s.key());
            entry.put("env", ScrKeys.envName(s.key()));
            entry.put("value", s.value());
            entry.put("origin", s.origin().text());
            entry.put("description", docs.get(s.key()));
            settings.add(entry);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("settings", settings);
        List<Map<String, Object>> tiers = new ArrayList<>();
        for (TierSpec t : environment.config.tiers()) {
            Map<String, Object> tier = new LinkedHashMap<>();
            tier.put("name", t.name());
            tier.put("type", t.type());
            tier.put("base", t.base());
            tier.put("capacity", t.capacity().isPresent() ? t.capacity().getAsLong() : null);
            tier.put("options", t.options());
            tiers.add(tier);
        }
        root.put("tiers", tiers);
        root.put("descriptors", environment.config.descriptors());
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    }
}
