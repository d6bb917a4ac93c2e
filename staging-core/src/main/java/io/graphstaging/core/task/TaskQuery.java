package io.graphstaging.core.task;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import java.util.Objects;
import java.util.Optional;

/** Which tasks to list, newest first: those with the status and of the graph given, at most {@code limit}. */
public record TaskQuery(Optional<TaskStatus> status, Optional<GraphId> graph, int limit) {
    public static final int MAX_LIMIT = 1000;

    public TaskQuery {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(graph, "graph");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new StagingException(ErrorCode.INVALID_PARAMETER,
                    "Invalid limit " + limit + ": list 1 to " + MAX_LIMIT + " tasks");
        }
    }

    /** The newest {@code limit} tasks of every status and graph. */
    public static TaskQuery newest(int limit) {
        return new TaskQuery(Optional.empty(), Optional.empty(), limit);
    }

    public TaskQuery withStatus(TaskStatus only) {
        return new TaskQuery(Optional.of(only), graph, limit);
    }

    public TaskQuery withGraph(GraphId only) {
        return new TaskQuery(status, Optional.of(only), limit);
    }
}
