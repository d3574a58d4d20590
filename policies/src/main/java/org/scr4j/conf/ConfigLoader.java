package org.scr4j.conf;

import static java.util.Objects.requireNonNull;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the one layered configuration, each layer overriding the ones before it:
 * scr4j-default.xml (in the jar) &lt; scr4j-site.xml (from SCR4J_CONF_DIR, else the class path)
 * &lt; the job's file named by SCR_CONF_FILE (Hadoop XML, or SCR's KEY=VALUE format)
 * &lt; SCR_* environment variables &lt; values the program passes.
 */
public final class ConfigLoader {
    public static final String DEFAULTS = "scr4j-default.xml";
    public static final String SITE = "scr4j-site.xml";
    public static final String CONF_DIR = "SCR4J_CONF_DIR";

    private final Map<String, String> env;
    private final ClassLoader classLoader;

    public ConfigLoader(Map<String, String> env, ClassLoader classLoader) {
        this.env = Map.copyOf(requireNonNull(env, "env is null"));
        this.classLoader = requireNonNull(classLoader, "classLoader is null");
    }

    /** The process's own environment and class path. */
    public static ConfigLoader fromEnvironment() {
        return new ConfigLoader(System.getenv(), ConfigLoader.class.getClassLoader());
    }

    /** Loads and checks everything; {@code overrides} may use SCR names (SCR_FLUSH) or dotted ones (scr.flush). */
    public ScrConfig load(Map<String, String> overrides) {
        Map<String, Setting> merged = new LinkedHashMap<>();
        URL defaults = classLoader.getResource(DEFAULTS);
        if (defaults == null) {
            throw new ConfigException(DEFAULTS + " is not on the class path; the scr4j-policies jar is incomplete. Fix: rebuild scr4j");
        }
        putAll(merged, HadoopXmlSource.read(defaults, DEFAULTS));
        // Hadoop's XML reader drops empty values; a key whose default is empty is still a key.
        for (String key : ScrKeys.all().keySet()) {
            merged.putIfAbsent(key, new Setting(key, "", Origin.file(DEFAULTS)));
        }
        site().ifPresent(site -> putAll(merged, site));
        String jobFile = env.get(EnvironmentSource.CONF_FILE);
        if (jobFile != null && !jobFile.isBlank()) {
            putAll(merged, jobFile(Path.of(jobFile), merged));
        }
        putAll(merged, EnvironmentSource.read(env));
        List<Setting> program = new ArrayList<>();
        overrides.forEach((k, v) -> program.add(new Setting(ScrKeys.dottedName(k), v, Origin.program())));
        putAll(merged, program);
        return ScrConfig.check(merged);
    }

    private java.util.Optional<List<Setting>> site() {
        String dir = env.get(CONF_DIR);
        if (dir != null && !dir.isBlank()) {
            Path file = Path.of(dir, SITE);
            if (!Files.isDirectory(Path.of(dir))) {
                throw new ConfigException(CONF_DIR + "=" + dir + " is not a directory. Fix: point it at the directory that holds "
                        + SITE + ", or unset it");
            }
            return Files.exists(file) ? java.util.Optional.of(HadoopXmlSource.read(file)) : java.util.Optional.empty();
        }
        URL site = classLoader.getResource(SITE);
        return site == null ? java.util.Optional.empty() : java.util.Optional.of(HadoopXmlSource.read(site, site.toString()));
    }

    private List<Setting> jobFile(Path file, Map<String, Setting> below) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(EnvironmentSource.CONF_FILE + " names " + file
                    + ", which is not a readable file. Fix: correct the path, or unset " + EnvironmentSource.CONF_FILE);
        }
        if (file.getFileName().toString().endsWith(".xml")) {
            return HadoopXmlSource.read(file);
        }
        Setting tiers = below.get(ScrKeys.TIERS);
        List<String> tiersBelow = tiers == null ? List.of() : Arrays.stream(tiers.value().split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        return ScrFormatSource.read(file, env, tiersBelow);
    }

    private static void putAll(Map<String, Setting> merged, List<Setting> layer) {
        for (Setting s : layer) {
            merged.remove(s.key()); // keep the map in the order values were last set
            merged.put(s.key(), s);
        }
    }
}
