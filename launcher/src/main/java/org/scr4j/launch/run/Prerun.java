package org.scr4j.launch.run;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.scr4j.control.HaltRecord;
import org.scr4j.group.net.JobSecret;
import org.scr4j.tier.Ownership;

/**
 * SCR's scr_prerun: before the first step of a job, the control directory exists, the job has
 * a secret, an earlier job's leftovers (its finish mark, its down nodes) are cleared, every node's
 * cache is checked, and the allocation's start and end are recorded.
 */
public final class Prerun {
    private final JobContext job;
    private final Backend backend;
    private final PrintStream out;

    public Prerun(JobContext job, Backend backend, PrintStream out) {
        this.job = requireNonNull(job, "job is null");
        this.backend = requireNonNull(backend, "backend is null");
        this.out = requireNonNull(out, "out is null");
    }

    public LauncherState prepare(int ranksPerNode) throws IOException, InterruptedException {
        Allocation allocation = backend.allocation();
        Optional<LauncherState> previous = LauncherState.read(job.control);
        DownNodes down = new DownNodes(job.control);
        if (previous.isEmpty() || !previous.get().jobId().equals(allocation.jobId())) {
            down.clear();
        }
        HaltRecord halt = job.control.halt().read();
        if (halt.reason().filter(HaltRecord.FINALIZE_CALLED::equals).isPresent()) {
            job.control.halt().update(h -> h.withReason(Optional.empty()));
            out.println("scr4j: cleared the mark of an earlier job that finished; this job restarts from its newest checkpoint");
        }
        String secret = secret(allocation.jobId()).toString();
        LauncherState state = new LauncherState(backend.name(), allocation.jobId(), job.user(), allocation.nodes(), List.of(),
                ranksPerNode, job.prefix.toString(), job.confFile, secret, allocation.endTime());
        Map<String, String> known = down.all(backend, List.of());
        List<String> toCheck = allocation.nodes().stream().filter(n -> !known.containsKey(n)).toList();
        Map<String, String> bad = new NodeChecks(backend, job.storage(allocation.jobId()),
                new JobSteps(state, backend, Path.of("").toAbsolutePath())).check(toCheck);
        bad.forEach((node, why) -> out.println("scr4j: node " + node + " is not usable: " + why));
        down.add(bad);
        state.write(job.control);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event", "allocation");
        event.put("job", allocation.jobId());
        event.put("backend", backend.name());
        event.put("nodes", String.join(",", allocation.nodes()));
        event.put("start", Instant.now().toString());
        event.put("end", allocation.endTime() > 0 ? Instant.ofEpochSecond(allocation.endTime()).toString() : "unknown");
        job.control.log().append(event);
        return state;
    }

    /**
     * The job's secret, readable by its user alone: in the control directory when the prefix is a
     * local (shared) file system, else in ~/.scr4j. A job restarted with the same id keeps its secret.
     */
    private Path secret(String jobId) throws IOException {
        Path dir;
        if ("file".equals(job.prefix.getScheme())) {
            dir = Path.of(job.control.path().toUri());
        } else {
            dir = Path.of(System.getProperty("user.home"), ".scr4j");
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Ownership.requirePrivate(dir, "the directory of job secrets", "set HOME to your own home directory");
        }
        Path file = dir.resolve("secret." + jobId);
        if (Files.exists(file)) {
            JobSecret.read(file);
            return file;
        }
        return JobSecret.create(file);
    }
}
