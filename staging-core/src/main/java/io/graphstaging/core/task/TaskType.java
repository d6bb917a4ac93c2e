package io.graphstaging.core.task;

import io.graphstaging.core.model.WireName;

/** What a task does: the operation of the request it runs. */
public enum TaskType implements WireName {
    CREATE, APPEND, REFRESH, MATERIALIZE, MATERIALIZE_GRAPH;

    /** Whether the task works on a whole graph rather than one of its tables. */
    public boolean graphWide() {
        return this == MATERIALIZE_GRAPH;
    }
}
