package io.graphstaging.core.task;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;
import java.util.Objects;
import java.util.Optional;

/**
 * A task to record: what it does, on which graph and table (none for graph-wide work), and the
 * request it runs as JSON text, kept verbatim so that the task can be shown after a restart.
 */
public record NewTask(TaskType type, GraphId graph, Optional<TableName> table, String request) {
    public NewTask {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(table, "table");
        requireTableFits(type, table);
        if (request == null || request.isBlank()) {
            throw new StagingException(ErrorCode.INVALID_PARAMETER, "A task needs the request it runs");
        }
    }

    /** A task on one table of the graph. */
    public static NewTask onTable(TaskType type, GraphId graph, TableName table, String request) {
        return new NewTask(type, graph, Optional.of(table), request);
    }

    /** A task on the whole graph. */
    public static NewTask onGraph(TaskType type, GraphId graph, String request) {
        return new NewTask(type, graph, Optional.empty(), request);
    }

    /** The failure for a store whose graph already holds {@code queued} queued tasks, its limit. */
    public StagingException queueFull(int queued) {
        return new StagingException(ErrorCode.TASK_QUEUE_FULL, "Graph " + graph + " already has " + queued
                + " queued tasks, the most it may queue; try again once some have run");
    }

    /** A graph-wide type has no table, every other type has one. */
    static void requireTableFits(TaskType type, Optional<TableName> table) {
        if (type.graphWide() == table.isPresent()) {
            throw new StagingException(ErrorCode.INVALID_PARAMETER, "A " + type.wireName() + " task "
                    + (type.graphWide() ? "works on the whole graph and names no table" : "names its table"));
        }
    }
}
