package io.graphstaging.core.task;

import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;

/**
 * What a task keeps on its graph from when it is queued until it ends: in a cluster, the graph's
 * write lease (so that no other node takes the graph while the task may still write it). A hold
 * that is lost cancels the task's work.
 */
@FunctionalInterface
public interface GraphHold {
    /** Nothing to hold: a single node, the command line, the library. */
    GraphHold NONE = (graph, work) -> () -> { };

    /**
     * Holds until the registration is closed.
     *
     * @param work cancelled (with the reason's code) when the hold is lost before that
     */
    Cancellation.Registration hold(GraphId graph, Cancellation work);
}
