package io.graphstaging.core.task;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A task as the store holds it. Times are the store's clock. {@code owner} is the process that
 * last held it (queued it, then ran it) and {@code leaseExpiresAt} when that hold ends unless
 * renewed; both stay as they were once the task has ended. {@code result} (the synchronous
 * answer, JSON text) is present once completed, {@code error} once failed.
 */
public record Task(TaskId id, TaskType type, GraphId graph, Optional<TableName> table, TaskStatus status,
                   Instant createdAt, Optional<Instant> startedAt, Optional<Instant> completedAt,
                   Optional<TaskProgress> progress, String request, Optional<String> result,
                   Optional<TaskError> error, TaskOwner owner, Instant leaseExpiresAt, boolean cancelRequested) {
    public Task {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(completedAt, "completedAt");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(leaseExpiresAt, "leaseExpiresAt");
        NewTask.requireTableFits(type, table);
    }

    /** 100 once completed; otherwise how far the current phase has gone (0 without progress). */
    public int progressPercent() {
        if (status == TaskStatus.COMPLETED) {
            return 100;
        }
        return progress.map(TaskProgress::percent).orElse(0);
    }
}
