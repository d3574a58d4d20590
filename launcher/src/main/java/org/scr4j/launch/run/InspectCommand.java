package org.scr4j.launch.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.scr4j.inspect.DatasetRecovery;
import org.scr4j.inspect.ListCacheMain;
import org.scr4j.inspect.MissingRank;
import org.scr4j.inspect.PartLine;
import org.scr4j.inspect.PartListing;
import org.scr4j.inspect.Recoverability;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** 'scr4j inspect': SCR's scr_inspect, what each node's cache holds and what can be recovered. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "List what each of the job's nodes holds in its cache (every rank's part of every dataset, complete or"
                + " not), and which datasets can be recovered: every rank present, or the missing ones rebuildable from"
                + " the redundancy data of the ranks present.",
        footer = {"", "Examples:", "  scr4j inspect --conf job.conf", "  scr4j inspect --json --conf job.conf > cache.json"})
public final class InspectCommand implements Callable<Integer> {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--conf", paramLabel = "FILE", description = "The job file (default $SCR_CONF_FILE).")
    String conf;

    @Option(names = "--json", description = "Print JSON: the nodes with their parts, and the datasets with their verdicts.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (JobContext job = JobContext.open(conf)) {
            LauncherState state = LauncherState.require(job.control);
            Backend backend = job.backend(state);
            Map<String, String> down = new DownNodes(job.control).all(backend, List.of());
            List<String> up = new ArrayList<>(state.nodes());
            up.removeAll(down.keySet());
            NodeSteps.Answers answers = new NodeSteps(backend, new JobSteps(state, backend, Path.of("").toAbsolutePath()))
                    .run("cache listing", up, ListCacheMain.class.getName(), line -> line.startsWith(PartLine.PREFIX), TIMEOUT);
            List<PartListing> parts = new ArrayList<>();
            for (String node : up) {
                for (String line : answers.lines().get(node)) {
                    PartLine.parse(line).ifPresent(parts::add);
                }
            }
            List<DatasetRecovery> datasets = Recoverability.assess(parts);
            if (json) {
                System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json(state, down, answers, parts, datasets)));
            } else {
                print(System.out, state, down, answers, parts, datasets);
            }
            return answers.failures().isEmpty() ? 0 : 1;
        }
    }

    private static void print(PrintStream out, LauncherState state, Map<String, String> down, NodeSteps.Answers answers,
            List<PartListing> parts, List<DatasetRecovery> datasets) {
        out.println("job " + state.jobId() + " (" + state.backend() + "), " + state.ranks() + " rank(s)");
        for (String node : state.nodes()) {
            if (down.containsKey(node)) {
                out.println("node " + node + ": DOWN (" + down.get(node) + "); its cache counts as lost");
                continue;
            }
            Optional<String> failed = Optional.ofNullable(answers.failures().get(node));
            List<PartListing> mine = parts.stream().filter(p -> p.node().equals(node)).toList();
            out.println("node " + node + ": " + failed.map(f -> "NOT LISTED (" + f + ")").orElse(mine.size() + " part(s)"));
            for (PartListing p : mine) {
                out.printf("  %s rank %d on tier '%s': %d file(s), %d bytes + %d bytes of redundancy, %s%n", label(p), p.rank(),
                        p.tier(), p.files(), p.bytes(), p.redundancyBytes(), p.problem().map(x -> "INCOMPLETE: " + x)
                                .orElse(p.redundancyProblem().map(x -> "complete, redundancy unusable: " + x).orElse("complete")));
            }
        }
        out.println(datasets.isEmpty() ? "no dataset of this job is in the caches of the nodes that are up" : "datasets, newest first:");
        for (DatasetRecovery d : datasets) {
            String name = d.dataset().map(i -> i.label() + ", " + i.scheme()).orElse("dataset id " + d.datasetId());
            out.printf("  %s: ranks present %s%s: %s (%s)%n", name, ranges(d.present()),
                    d.missing().isEmpty() ? "" : ", missing " + ranges(d.missingRanks()),
                    d.recoverable() ? "RECOVERABLE" : "NOT RECOVERABLE", d.reason());
        }
    }

    private static String label(PartListing p) {
        return p.dataset().map(d -> d.label()).orElse(p.directory());
    }

    private static String ranges(java.util.Collection<Integer> ranks) {
        return ranks.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static ObjectNode json(LauncherState state, Map<String, String> down, NodeSteps.Answers answers,
            List<PartListing> parts, List<DatasetRecovery> datasets) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("job", state.jobId());
        root.put("backend", state.backend());
        root.put("ranks", state.ranks());
        ObjectNode nodes = root.putObject("nodes");
        for (String node : state.nodes()) {
            ObjectNode n = nodes.putObject(node);
            if (down.containsKey(node)) {
                n.put("down", down.get(node));
                continue;
            }
            if (answers.failures().containsKey(node)) {
                n.put("notListed", answers.failures().get(node));
            }
            ArrayNode list = n.putArray("parts");
            for (PartListing p : parts) {
                if (p.node().equals(node)) {
                    ObjectNode o = list.addObject();
                    o.put("datasetId", p.datasetId());
                    p.dataset().ifPresent(d -> {
                        o.put("name", d.name());
                        o.put("scheme", d.scheme());
                    });
                    o.put("rank", p.rank());
                    o.put("tier", p.tier());
                    o.put("files", p.files());
                    o.put("bytes", p.bytes());
                    o.put("redundancyBytes", p.redundancyBytes());
                    o.put("complete", p.complete());
                    p.problem().ifPresent(x -> o.put("problem", x));
                    p.redundancyProblem().ifPresent(x -> o.put("redundancyProblem", x));
                }
            }
        }
        ArrayNode list = root.putArray("datasets");
        for (DatasetRecovery d : datasets) {
            ObjectNode o = list.addObject();
            o.put("id", d.datasetId());
            d.dataset().ifPresent(i -> {
                o.put("name", i.name());
                o.put("scheme", i.scheme());
                o.put("checkpointId", i.checkpointId());
            });
            ArrayNode present = o.putArray("present");
            d.present().forEach(present::add);
            ArrayNode missing = o.putArray("missing");
            for (MissingRank m : d.missing()) {
                ObjectNode mo = missing.addObject();
                mo.put("rank", m.rank());
                mo.put("recoverable", m.recoverable());
                mo.put("reason", m.reason());
            }
            o.put("recoverable", d.recoverable());
            o.put("reason", d.reason());
        }
        return root;
    }
}
