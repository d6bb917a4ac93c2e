package io.graphstaging.cli.progress;

import io.graphstaging.core.task.ProgressListener;

/** Shows the progress of one step (staging or materializing one table) until closed. */
public interface ProgressView extends ProgressListener, AutoCloseable {
    /** Ends the display (a bar is completed and its line kept). */
    @Override
    void close();
}
