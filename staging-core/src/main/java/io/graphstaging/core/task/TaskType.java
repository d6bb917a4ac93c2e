package io.graphstaging.core.task;

/** What a task does: the operation of the request it runs. */
public enum TaskType {
    CREATE, APPEND, REFRESH, MATERIALIZE, MATERIALIZE_GRAPH;

    /** Whether the task works on a whole graph rather than one of its tables. */
    public boolean graphWide() {
        return this == MATERIALIZE_GRAPH;
    }

    public String wireName() {
        return WireNames.of(this);
    }

    /** @throws io.graphstaging.core.error.StagingException {@code INVALID_PARAMETER} */
    public static TaskType fromWire(String value) {
        return WireNames.parse(values(), value, "task type");
    }
}
