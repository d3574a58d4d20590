package org.scr4j.conf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Builds a job's environment and files in a temporary directory, as a batch script would. */
final class ConfigFixture {
    final Path dir;
    final Map<String, String> env = new HashMap<>();

    ConfigFixture(Path dir) {
        this.dir = dir;
    }

    Path file(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    ConfigFixture jobFile(String name, String... lines) throws IOException {
        env.put("SCR_CONF_FILE", file(name, lines).toString());
        return this;
    }

    ConfigFixture site(String... properties) throws IOException {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<configuration>\n");
        for (int i = 0; i < properties.length; i += 2) {
            xml.append("  <property><name>").append(properties[i]).append("</name><value>").append(properties[i + 1])
                    .append("</value></property>\n");
        }
        xml.append("</configuration>\n");
        Path siteDir = dir.resolve("site");
        Files.createDirectories(siteDir);
        Files.writeString(siteDir.resolve(ConfigLoader.SITE), xml);
        env.put(ConfigLoader.CONF_DIR, siteDir.toString());
        return this;
    }

    ConfigFixture env(String key, String value) {
        env.put(key, value);
        return this;
    }

    ScrConfig load() {
        return load(Map.of());
    }

    ScrConfig load(Map<String, String> overrides) {
        return new ConfigLoader(env, ConfigFixture.class.getClassLoader()).load(overrides);
    }
}
