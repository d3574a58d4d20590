package org.scr4j.launch;

import picocli.CommandLine.Option;

/** The --conf option every command shares: a job file to use instead of $SCR_CONF_FILE. */
public final class JobFileOption {
    @Option(names = "--conf", paramLabel = "FILE", description = "Use this job file instead of $SCR_CONF_FILE.")
    public String file;
}
