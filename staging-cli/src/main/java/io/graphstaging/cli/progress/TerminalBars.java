package io.graphstaging.cli.progress;

import io.graphstaging.core.task.ProgressUnit;
import io.graphstaging.core.task.TaskProgress;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars on a terminal, one per phase of a step (fetching objects, then bytes, staging,
 * loading rows), each with the amount, the total when known and the rate. The library redraws
 * on its own thread; a report only moves the bar.
 */
final class TerminalBars implements ProgressView {
    private final String step;
    private final PrintStream terminal;
    private ProgressBar bar; // guarded by this
    private TaskProgress shown; // guarded by this: the report the bar was built for

    TerminalBars(String step, PrintStream terminal) {
        this.step = step;
        this.terminal = terminal;
    }

    @Override
    public synchronized void report(TaskProgress progress) {
        if (bar == null || !shown.phase().equals(progress.phase()) || shown.unit() != progress.unit()) {
            closeBar();
            bar = newBar(progress);
        }
        shown = progress;
        if (progress.total().isPresent()) {
            bar.maxHint(progress.total().getAsLong());
        }
        bar.stepTo(progress.done());
    }

    private ProgressBar newBar(TaskProgress progress) {
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName(step + ": " + progress.phase())
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(terminal))
                .setUpdateIntervalMillis(200)
                .setInitialMax(progress.total().orElse(-1))
                .showSpeed()
                .continuousUpdate();
        if (progress.unit() == ProgressUnit.BYTES) {
            builder.setUnit(" MiB", 1L << 20);
        } else {
            builder.setUnit(" " + Quantities.unitName(progress.unit()), 1);
        }
        return builder.build();
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public synchronized void close() {
        closeBar();
    }
}
