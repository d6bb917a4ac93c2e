package io.graphstaging.cli.progress;

import io.graphstaging.core.task.TaskProgress;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * Progress as lines (for logs, pipes and machines): one when a phase starts, then at most one
 * every {@code interval}, and the last report at the end if it was not written yet. Reports
 * arrive on the working thread; writing a line is quick.
 */
final class ThrottledLines implements ProgressView {
    /** What a line says: the step, the latest report, and how long the step and its phase have run. */
    record Snapshot(String step, TaskProgress progress, Duration elapsed, Duration phaseElapsed) {}

    private final String step;
    private final PrintWriter out;
    private final Clock clock;
    private final Duration interval;
    private final Function<Snapshot, String> format;
    private final Instant started;
    private TaskProgress latest; // guarded by this
    private Instant phaseStarted; // guarded by this
    private Instant lastLine = Instant.MIN; // guarded by this
    private boolean written; // guarded by this: whether the latest report has its line

    ThrottledLines(String step, PrintWriter out, Clock clock, Duration interval, Function<Snapshot, String> format) {
        this.step = step;
        this.out = out;
        this.clock = clock;
        this.interval = interval;
        this.format = format;
        this.started = clock.instant();
    }

    @Override
    public synchronized void report(TaskProgress progress) {
        Instant now = clock.instant();
        boolean newPhase = latest == null || !latest.phase().equals(progress.phase()) || latest.unit() != progress.unit();
        if (newPhase) {
            phaseStarted = now;
        }
        latest = progress;
        written = false;
        if (newPhase || !now.isBefore(lastLine.plus(interval))) {
            write(now);
        }
    }

    private void write(Instant now) {
        out.println(format.apply(new Snapshot(step, latest, Duration.between(started, now),
                Duration.between(phaseStarted, now))));
        out.flush();
        lastLine = now;
        written = true;
    }

    @Override
    public synchronized void close() {
        if (latest != null && !written) {
            write(clock.instant());
        }
    }
}
