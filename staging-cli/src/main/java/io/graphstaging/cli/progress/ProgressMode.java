package io.graphstaging.cli.progress;

/** How progress is shown, on standard error. */
public enum ProgressMode {
    /** Bars on a terminal, plain lines otherwise. */
    AUTO,
    /** Bars with objects, bytes, rows and rates (a terminal). */
    BAR,
    /** One plain line when a phase starts and every few seconds (logs, CI). */
    PLAIN,
    /** One JSON object per line (machines). */
    JSON,
    /** Nothing. */
    NONE;

    /** What {@link #AUTO} means here: bars only when a person is watching a terminal. */
    public ProgressMode resolve(boolean terminal) {
        return this == AUTO ? (terminal ? BAR : PLAIN) : this;
    }
}
