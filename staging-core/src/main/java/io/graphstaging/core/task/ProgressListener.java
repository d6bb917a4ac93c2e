package io.graphstaging.core.task;

/**
 * Where long work reports how far it has gone, so that a task's status, the logs and a
 * command line show the same thing. Called on the working thread, possibly often (a download
 * reports as bytes arrive): an implementation returns quickly and never throws; one that writes
 * somewhere slow keeps only the latest report and writes it at its own pace.
 */
@FunctionalInterface
public interface ProgressListener {
    /** Progress switched off: reports go nowhere. */
    ProgressListener NONE = progress -> { };

    /** The current phase's position; a later report replaces an earlier one. */
    void report(TaskProgress progress);
}
