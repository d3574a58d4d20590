package org.scr4j.launch.admin;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.scr4j.advice.IntervalAdvice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * 'scr4j advise', SCR's scr_ckpt_interval.py per level: Young's and Daly's checkpoint intervals
 * from the costs and failures in the job's event log, and the settings that give them.
 */
@Command(name = "advise", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Advise how often to checkpoint, from the job's event log (<prefix>/.scr4j/log): per level, the mean",
            "checkpoint cost, the failures it must survive and the run time give the MTBF, and Young's and Daly's",
            "optimal intervals; the shortest sets scr.checkpoint.seconds, and the others how often to write each level",
            "and to flush (scr.flush). With scr.checkpoint.interval.auto=true, needCheckpoint() follows the same advice."},
        footer = {"", "Example: scr4j advise --prefix /p/scratch/job7",
            "Example: scr4j advise --conf job.conf --json > advice.json"})
public final class AdviseCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON for scripts: the inputs, each level's numbers, the settings and the notes.")
    boolean json;

    @Mixin
    PrefixOptions prefixOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        JobPrefix prefix = prefixOptions.load();
        PrintWriter out = spec.commandLine().getOut();
        Optional<OpenControl> used = prefix.openIfUsed();
        String where = display(prefix.uri());
        String logPath = where + "/.scr4j/log";
        if (used.isEmpty()) {
            throw noLog(logPath, where);
        }
        try (OpenControl open = used.get()) {
            Path log = open.dir().log().path();
            if (!open.dir().fileSystem().exists(log)) {
                throw noLog(logPath, where);
            }
            IntervalAdvice advice = IntervalAdvice.from(open.dir().log().read());
            AdviceReport report = new AdviceReport(where, logPath, advice, prefix.config());
            if (json) {
                out.println(report.json());
            } else {
                report.lines().forEach(out::println);
            }
        }
        out.flush();
        return 0;
    }

    private static IOException noLog(String log, String prefix) {
        return new IOException("no job log at " + log + ": run a job with SCR_PREFIX=" + prefix + " first (or give the job's"
                + " prefix with --prefix DIR)");
    }

    /** A local prefix as a path, anything else as its URI. */
    private static String display(URI uri) {
        return "file".equals(uri.getScheme()) ? uri.getPath().replaceAll("/$", "") : uri.toString().replaceAll("/$", "");
    }
}
