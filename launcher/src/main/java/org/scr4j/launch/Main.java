package org.scr4j.launch;

import java.io.IOException;
import org.scr4j.conf.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The scr4j command. Problems a user can fix print as one clear message and exit 2, without a stack trace. */
@Command(name = "scr4j", mixinStandardHelpOptions = true, version = "scr4j 0.1.0",
        description = "Multi-level checkpoint/restart for parallel JVM jobs.",
        subcommands = {ConfCommand.class, TiersCommand.class, DemoCommand.class, ChaosCommand.class, RoundtripCommand.class, BenchCommand.class,
                org.scr4j.launch.run.RunCommand.class, org.scr4j.launch.run.DrainCommand.class, org.scr4j.launch.run.RebuildCommand.class,
                org.scr4j.launch.run.ListDownNodesCommand.class, org.scr4j.launch.run.InspectCommand.class, org.scr4j.launch.local.KillNodeCommand.class,
                org.scr4j.launch.admin.HaltCommand.class, org.scr4j.launch.admin.IndexCommand.class,
                org.scr4j.launch.admin.AdviseCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    static final int USER_ERROR = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException || e instanceof IllegalArgumentException || e instanceof IOException) {
                commandLine.getErr().println("scr4j: " + e.getMessage());
                return USER_ERROR;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
