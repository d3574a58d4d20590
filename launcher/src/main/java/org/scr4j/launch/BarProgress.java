package org.scr4j.launch;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress as a bar redrawn in place on a terminal, with the speed and the time left. */
final class BarProgress implements Progress {
    private static final long KIB = 1024;
    private static final long MIB = KIB * KIB;
    private static final long GIB = MIB * KIB;

    private final ProgressBar bar;

    BarProgress(String task, long total, String unit, PrintStream out) {
        requireNonNull(task, "task is null");
        requireNonNull(unit, "unit is null");
        if (total < 0) {
            throw new IllegalArgumentException("the total of '" + task + "' must not be negative, not " + total);
        }
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).showSpeed().setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(out));
        if (Progress.BYTES.equals(unit)) {
            // the bar shows whole units: GiB only once there are several of them, so small totals stay readable
            long size = total >= 10 * GIB ? GIB : total >= 10 * MIB ? MIB : KIB;
            builder.setUnit(size == GIB ? " GiB" : size == MIB ? " MiB" : " KiB", size);
        } else {
            builder.setUnit(" " + unit, 1);
        }
        this.bar = builder.build();
    }

    @Override
    public void update(long done) {
        if (done < 0) {
            throw new IllegalArgumentException("progress must not be negative, not " + done);
        }
        bar.stepTo(done);
    }

    @Override
    public void close() {
        bar.close();
    }
}
