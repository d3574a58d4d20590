package org.scr4j.launch.admin;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.scr4j.control.ControlDirectory;
import org.scr4j.control.Index;
import org.scr4j.control.IndexEntry;
import org.scr4j.launch.Amounts;
import org.scr4j.launch.Progress;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * 'scr4j index', SCR's scr_index: lists the prefix's datasets and changes which is current, forgets
 * entries, and lists again datasets whose files and manifests are on the prefix but not in the
 * index. Every change is one locked, atomic {@link org.scr4j.control.IndexFile#update}.
 */
@Command(name = "index", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List the datasets on the job's prefix, choose the checkpoint a restart starts from,",
            "and drop or add index entries. Files on the prefix are never deleted or changed."},
        footer = {"", "Example: scr4j index --prefix /p/scratch/job7 --list",
            "Example: scr4j index --current ckpt.40; scr4j index --build ckpt.40 --json"})
public final class IndexCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Action action = new Action();

    /** One action per call, as with scr_index. */
    static final class Action {
        @Option(names = {"-l", "--list"}, description = "List the datasets, newest first (the default).")
        boolean list;

        @Option(names = "--current", paramLabel = "NAME",
                description = "Make checkpoint NAME current: a restart starts from it and never takes a newer one.")
        String current;

        @Option(names = "--drop", paramLabel = "NAME", description = "Forget NAME in the index; its files stay.")
        String drop;

        @Option(names = "--drop-after", paramLabel = "NAME",
                description = "Forget every dataset newer than NAME in the index; their files stay.")
        String dropAfter;

        @Option(names = "--add", paramLabel = "NAME",
                description = "List NAME, found on the prefix, as flushed: every rank's manifest and every file with its"
                        + " size must be there.")
        String add;

        @Option(names = "--build", paramLabel = "NAME",
                description = "As --add, and read every file to check its CRC32C; refuses if any file is bad.")
        String build;
    }

    @Option(names = "--json", description = "With --list: print JSON for scripts.")
    boolean json;

    @Mixin
    PrefixOptions prefixOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Action a = action == null ? new Action() : action;
        boolean listing = a.current == null && a.drop == null && a.dropAfter == null && a.add == null && a.build == null;
        if (json && !listing) {
            throw new IllegalArgumentException("--json goes with --list; the other actions print one line of text");
        }
        JobPrefix prefix = prefixOptions.load();
        PrintWriter out = spec.commandLine().getOut();
        try (OpenControl open = prefix.openExisting()) {
            ControlDirectory control = open.dir();
            IndexEdits edits = new IndexEdits(control.prefix().toString());
            if (listing) {
                IndexTable table = new IndexTable(control.prefix().toString(), control.index().read());
                if (json) {
                    out.println(table.json());
                } else {
                    table.lines().forEach(out::println);
                }
            } else if (a.current != null) {
                Index index = control.index().update(i -> edits.current(i, a.current));
                out.println(IndexEdits.label(edits.entry(index, a.current))
                        + " is current: a restart starts from it and never takes a newer checkpoint");
            } else if (a.drop != null) {
                IndexEntry dropped = edits.entry(control.index().read(), a.drop);
                control.index().update(i -> edits.drop(i, a.drop));
                out.println("dropped " + IndexEdits.label(dropped) + " from the index; its files stay on the prefix"
                        + " ('scr4j index --add " + a.drop + "' lists it again)");
            } else if (a.dropAfter != null) {
                List<IndexEntry> newer = edits.newer(control.index().read(), a.dropAfter);
                control.index().update(i -> edits.dropAfter(i, a.dropAfter));
                out.println(newer.isEmpty() ? "the index lists nothing newer than " + a.dropAfter + "; nothing dropped"
                        : "dropped " + newer.stream().map(IndexEdits::label).collect(Collectors.joining(", "))
                                + " from the index; their files stay on the prefix");
            } else {
                out.println(add(control, edits, a.add != null ? a.add : a.build, a.build != null));
            }
        }
        return 0;
    }

    /** Finds the dataset's manifests, checks its files, and lists it as flushed; what to tell the user. */
    private static String add(ControlDirectory control, IndexEdits edits, String name, boolean readEveryByte) throws IOException {
        edits.requireUnlisted(control.index().read(), name); // before reading gigabytes; update() checks again
        PrefixManifests manifests = new PrefixManifests(control);
        FlushedDataset dataset = manifests.load(manifests.find(name));
        PrefixFiles files = new PrefixFiles(control.fileSystem(), control.prefix());
        List<String> problems;
        if (readEveryByte) {
            try (Progress progress = Progress.start("checking " + name, dataset.bytes(), Progress.BYTES, System.err)) {
                problems = files.checkContents(dataset, progress);
            }
        } else {
            problems = files.checkSizes(dataset);
        }
        if (!problems.isEmpty()) {
            throw new IOException("cannot " + (readEveryByte ? "build " : "add ") + dataset.info().label() + ": "
                    + problems.size() + " of its " + dataset.files() + " files " + (problems.size() == 1 ? "is" : "are")
                    + " bad; the index is unchanged:\n  " + String.join("\n  ", problems));
        }
        IndexEntry entry = dataset.entry();
        control.index().update(i -> edits.add(i, entry));
        return "added " + IndexEdits.label(entry) + " to the index as flushed at " + entry.flushed().get() + ": "
                + count(dataset.info().ranks(), "rank") + ", " + count(dataset.files(), "file") + ", "
                + Amounts.format(dataset.bytes(), Progress.BYTES)
                + (readEveryByte ? ", every file's size and CRC32C checked" : ", every file's size checked (--build also"
                        + " checks CRC32C)");
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
