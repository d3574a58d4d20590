package org.scr4j.conf;

import java.util.List;
import java.util.Map;

/** SCR_* environment variables, SCR's way of setting parameters from a batch script. */
final class EnvironmentSource {
    /** Names scr4j itself reads from the environment; they are not configuration keys. */
    static final String CONF_FILE = "SCR_CONF_FILE";

    private EnvironmentSource() {
    }

    static List<Setting> read(Map<String, String> env) {
        return env.entrySet().stream()
                .filter(e -> e.getKey().startsWith("SCR_") && !e.getKey().equals(CONF_FILE))
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new Setting(ScrKeys.dottedName(e.getKey()), e.getValue(), Origin.environment(e.getKey())))
                .toList();
    }
}
