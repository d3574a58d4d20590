package org.scr4j.hdfs;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalLong;
import org.scr4j.control.ControlDirectory;
import org.scr4j.control.IndexEntry;

/**
 * Run in a child JVM, as another host's process or {@code scr4j index} would: "PREFIX COUNT" adds
 * COUNT index entries to the prefix on HDFS, one update each, each making its entry current, then
 * prints "WROTE COUNT". Rank r of {@link org.scr4j.testing.RankProcesses} adds the ids from
 * 1000 * (r + 1) + 1 on. Under scr4j.crash.at=control.replace it dies inside
 * the first update, with the new index written to its temporary file and not yet renamed.
 */
public final class IndexWriterMain {
    private IndexWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        URI prefix = URI.create(args[0]);
        int count = Integer.parseInt(args[1]);
        long first = firstId(Integer.parseInt(System.getenv("SCR4J_RANK")));
        ControlDirectory control = MiniHdfs.control(prefix);
        try {
            for (long id = first; id < first + count; id++) {
                IndexEntry entry = entry(id, "child-" + ProcessHandle.current().pid());
                control.index().update(i -> i.with(entry).withCurrent(OptionalLong.of(entry.id())));
            }
        } finally {
            control.fileSystem().close();
        }
        System.out.println("WROTE " + count);
    }

    public static long firstId(int rank) {
        return 1000L * (rank + 1) + 1;
    }

    /** A flushed checkpoint entry whose long name makes the index span many HDFS packets when there are many. */
    public static IndexEntry entry(long id, String writer) {
        return new IndexEntry(id, "ckpt." + id + "." + writer + "." + "x".repeat(200), id, true, false, 2, true,
                Optional.of(java.time.Instant.ofEpochSecond(1_800_000_000L + id)), Optional.empty());
    }
}
