package io.graphstaging.cli.progress;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;

/** Opens the view of each step's progress, as the chosen {@link ProgressMode} says. */
public final class ProgressViews {
    /** A plain line at most this often (a person reading a log, a CI page). */
    static final Duration PLAIN_INTERVAL = Duration.ofSeconds(5);
    /** A JSON line at most this often (a program following along). */
    static final Duration JSON_INTERVAL = Duration.ofSeconds(1);

    private final ProgressMode mode;
    private final PrintWriter err;
    private final PrintStream terminal;
    private final Clock clock;

    /**
     * @param mode     the chosen mode, {@link ProgressMode#AUTO} already resolved or not
     * @param terminal whether a person is watching a terminal (AUTO shows bars then)
     * @param err      where lines go
     * @param errStream the same standard error as a stream, for the bars
     */
    public ProgressViews(ProgressMode mode, boolean terminal, PrintWriter err, PrintStream errStream, Clock clock) {
        this.mode = mode.resolve(terminal);
        this.err = err;
        this.terminal = errStream;
        this.clock = clock;
    }

    /** The view of one step ("stage person", "materialize knows"). */
    public ProgressView open(String step) {
        return switch (mode) {
            case BAR -> new TerminalBars(step, terminal);
            case PLAIN -> new ThrottledLines(step, err, clock, PLAIN_INTERVAL, LineFormats::plain);
            case JSON -> new ThrottledLines(step, err, clock, JSON_INTERVAL, LineFormats::json);
            case NONE, AUTO -> new ProgressView() {
                @Override
                public void report(io.graphstaging.core.task.TaskProgress progress) {
                    // switched off
                }

                @Override
                public void close() {
                    // nothing shown
                }
            };
        };
    }
}
