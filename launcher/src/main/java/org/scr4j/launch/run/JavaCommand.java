package org.scr4j.launch.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that runs a class of scr4j's in a JVM like this one: same java, same class
 * path, the vector module when present, the same log4j configuration. Steps of the launcher's own
 * programs (node check, drain, inspect) use it, on any node that shares this installation.
 */
public final class JavaCommand {
    private JavaCommand() {
    }

    public static List<String> of(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            command.add("--add-modules=jdk.incubator.vector");
        }
        command.addAll(jvmOptions);
        String log4j = System.getProperty("log4j.configuration");
        if (log4j != null) {
            command.add("-Dlog4j.configuration=" + log4j);
        }
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    public static List<String> of(String mainClass, String... args) {
        return of(List.of(), mainClass, List.of(args));
    }
}
