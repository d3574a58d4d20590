package org.scr4j.launch;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.util.HashMap;
import java.util.Map;
import org.scr4j.conf.ConfigLoader;
import org.scr4j.conf.ScrConfig;
import org.scr4j.conf.ScrModule;

/** Loads the configuration as a job would see it, optionally with another SCR_CONF_FILE, and wires it. */
public final class Environment {
    public final Map<String, String> env;
    public final ScrConfig config;
    public final Injector injector;

    private Environment(Map<String, String> env) {
        this.env = Map.copyOf(env);
        this.config = new ConfigLoader(this.env, Main.class.getClassLoader()).load(Map.of());
        this.injector = Guice.createInjector(new ScrModule(config));
    }

    public static Environment load(String confFile) {
        return load(confFile, Map.of());
    }

    /** As {@link #load(String)}, with {@code settings} (SCR_* variables) over the environment's. */
    public static Environment load(String confFile, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(settings);
        if (confFile != null) {
            env.put("SCR_CONF_FILE", confFile);
        }
        return new Environment(env);
    }

    /**
     * The configuration exactly as a process started with {@code env} (SCR_CONF_FILE set to
     * {@code confFile}) loads it, whatever this process's own environment holds.
     */
    public static Environment isolated(String confFile, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("SCR_CONF_FILE", confFile);
        return new Environment(all);
    }
}
