package org.scr4j.launch.admin;

import java.net.URI;
import java.nio.file.Path;
import org.scr4j.conf.ScrConfig;
import org.scr4j.conf.ScrKeys;
import org.scr4j.launch.Environment;
import org.scr4j.launch.JobFileOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which job's prefix a command works on: --prefix (as SCR's scr_index takes it), else SCR_PREFIX as
 * the job sees it (job file, environment), else the working directory, resolved exactly as the
 * library resolves it, so the command and the job meet the same control files.
 */
public final class PrefixOptions {
    @Mixin
    JobFileOption jobFile;

    @Option(names = {"-p", "--prefix"}, paramLabel = "DIR",
            description = "The job's prefix, a directory or Hadoop URI (default: SCR_PREFIX from the job file or the"
                    + " environment, else the working directory).")
    String prefix;

    JobPrefix load() {
        ScrConfig config = Environment.load(jobFile.file).config;
        if (prefix != null) {
            return new JobPrefix(uri(prefix), "--prefix", config);
        }
        String configured = config.get(ScrKeys.PREFIX);
        if (configured.isEmpty()) {
            return new JobPrefix(uri(System.getProperty("user.dir")), "the working directory, as SCR_PREFIX is not set", config);
        }
        return new JobPrefix(uri(configured), "SCR_PREFIX from " + config.setting(ScrKeys.PREFIX).origin(), config);
    }

    /** A URI as given (hdfs://..., file:///...), else a local path made absolute: what Engine does. */
    private static URI uri(String prefix) {
        if (prefix.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return URI.create(prefix);
        }
        URI uri = Path.of(prefix).toAbsolutePath().normalize().toUri();
        String text = uri.toString();
        // toUri() ends an existing directory with '/', which would show in every message
        return text.endsWith("/") && uri.getPath().length() > 1 ? URI.create(text.substring(0, text.length() - 1)) : uri;
    }
}
