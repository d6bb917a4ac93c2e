package io.graphstaging.core.testing;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.task.NewTask;
import io.graphstaging.core.task.Task;
import io.graphstaging.core.task.TaskError;
import io.graphstaging.core.task.TaskId;
import io.graphstaging.core.task.TaskLease;
import io.graphstaging.core.task.TaskOwner;
import io.graphstaging.core.task.TaskProgress;
import io.graphstaging.core.task.TaskQuery;
import io.graphstaging.core.task.TaskStatus;
import io.graphstaging.core.task.TaskStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A {@link TaskStore} held in memory, for core unit tests. Times come from the injected clock;
 * ids are {@code task_} plus a zero-padded counter, so they sort in creation order like the real
 * ones. Every method is synchronized: one store-wide lock plays the transaction.
 */
public final class InMemoryTaskStore implements TaskStore {
    private static final Set<TaskStatus> UNFINISHED = Set.of(TaskStatus.PENDING, TaskStatus.RUNNING);
    private static final Comparator<Task> OLDEST_FIRST =
            Comparator.comparing(Task::createdAt).thenComparing(t -> t.id().value());

    private final Clock clock;
    private final Map<TaskId, Row> rows = new LinkedHashMap<>();
    private final Map<TaskId, Integer> progressWrites = new java.util.HashMap<>();
    private long nextId = 1;

    public InMemoryTaskStore(Clock clock) {
        this.clock = clock;
    }

    /** How many progress writes the task received (whether or not they were taken). */
    public synchronized int progressWrites(TaskId id) {
        return progressWrites.getOrDefault(id, 0);
    }

    /** A task's mutable state; {@link #snapshot()} is what callers see. */
    private static final class Row {
        final TaskId id;
        final NewTask task;
        final Instant createdAt;
        TaskStatus status = TaskStatus.PENDING;
        Optional<Instant> startedAt = Optional.empty();
        Optional<Instant> completedAt = Optional.empty();
        Optional<TaskProgress> progress = Optional.empty();
        Optional<String> result = Optional.empty();
        Optional<TaskError> error = Optional.empty();
        TaskOwner owner;
        Instant leaseExpiresAt;
        boolean cancelRequested;

        Row(TaskId id, NewTask task, Instant createdAt, TaskLease lease) {
            this.id = id;
            this.task = task;
            this.createdAt = createdAt;
            this.owner = lease.owner();
            this.leaseExpiresAt = createdAt.plus(lease.term());
        }

        boolean leaseHolds(Instant now) {
            return leaseExpiresAt.isAfter(now);
        }

        void finish(TaskStatus finished, Instant now) {
            status = finished;
            completedAt = Optional.of(now);
        }

        Task snapshot() {
            return new Task(id, task.type(), task.graph(), task.table(), status, createdAt, startedAt, completedAt,
                    progress, task.request(), result, error, owner, leaseExpiresAt, cancelRequested);
        }
    }

    @Override
    public synchronized Task create(NewTask task, TaskLease lease, int maxQueued) {
        int queued = countQueued(task.graph());
        if (queued >= maxQueued) {
            throw task.queueFull(queued);
        }
        TaskId id = TaskId.of("task_" + String.format("%026d", nextId++));
        Row row = new Row(id, task, clock.instant(), lease);
        rows.put(id, row);
        return row.snapshot();
    }

    @Override
    public synchronized Optional<Task> start(TaskId id, TaskLease lease) {
        Row row = require(id);
        Instant now = clock.instant();
        if (row.status != TaskStatus.PENDING || !row.leaseHolds(now)) {
            return Optional.empty();
        }
        row.status = TaskStatus.RUNNING;
        row.startedAt = Optional.of(now);
        row.owner = lease.owner();
        row.leaseExpiresAt = now.plus(lease.term());
        return Optional.of(row.snapshot());
    }

    @Override
    public synchronized List<Task> renewLeases(TaskLease lease) {
        Instant now = clock.instant();
        List<Task> held = new ArrayList<>();
        for (Row r : rows.values()) {
            if (r.owner.equals(lease.owner()) && UNFINISHED.contains(r.status) && r.leaseHolds(now)) {
                r.leaseExpiresAt = now.plus(lease.term());
                held.add(r.snapshot());
            }
        }
        return held.stream().sorted(OLDEST_FIRST).toList();
    }

    @Override
    public synchronized Optional<Task> reportProgress(TaskId id, TaskOwner owner, TaskProgress progress) {
        progressWrites.merge(id, 1, Integer::sum);
        return ownerWrite(id, owner, Set.of(TaskStatus.RUNNING), r -> r.progress = Optional.of(progress));
    }

    @Override
    public synchronized Optional<Task> complete(TaskId id, TaskOwner owner, String result) {
        return ownerWrite(id, owner, Set.of(TaskStatus.RUNNING), r -> {
            r.result = Optional.of(result);
            r.finish(TaskStatus.COMPLETED, clock.instant());
        });
    }

    @Override
    public synchronized Optional<Task> fail(TaskId id, TaskOwner owner, TaskError error) {
        return ownerWrite(id, owner, UNFINISHED, r -> {
            r.error = Optional.of(error);
            r.finish(TaskStatus.FAILED, clock.instant());
        });
    }

    @Override
    public synchronized Optional<Task> cancel(TaskId id, TaskOwner owner) {
        return ownerWrite(id, owner, UNFINISHED, r -> r.finish(TaskStatus.CANCELLED, clock.instant()));
    }

    private Optional<Task> ownerWrite(TaskId id, TaskOwner owner, Set<TaskStatus> from, Consumer<Row> write) {
        Row row = require(id);
        if (!row.owner.equals(owner) || !from.contains(row.status) || !row.leaseHolds(clock.instant())) {
            return Optional.empty();
        }
        write.accept(row);
        return Optional.of(row.snapshot());
    }

    @Override
    public synchronized Task requestCancel(TaskId id) {
        Row row = require(id);
        if (UNFINISHED.contains(row.status)) {
            row.cancelRequested = true;
            if (row.status == TaskStatus.PENDING) {
                row.finish(TaskStatus.CANCELLED, clock.instant());
            }
        }
        return row.snapshot();
    }

    @Override
    public synchronized Optional<Task> find(TaskId id) {
        return Optional.ofNullable(rows.get(id)).map(Row::snapshot);
    }

    @Override
    public synchronized List<Task> list(TaskQuery query) {
        return rows.values().stream()
                .filter(r -> query.status().map(s -> s == r.status).orElse(true))
                .filter(r -> query.graph().map(g -> g.equals(r.task.graph())).orElse(true))
                .map(Row::snapshot).sorted(OLDEST_FIRST.reversed()).limit(query.limit()).toList();
    }

    @Override
    public synchronized int countQueued(GraphId graph) {
        Instant now = clock.instant();
        return (int) rows.values().stream()
                .filter(r -> r.task.graph().equals(graph) && r.status == TaskStatus.PENDING && r.leaseHolds(now))
                .count();
    }

    @Override
    public synchronized List<Task> expireLeases() {
        Instant now = clock.instant();
        List<Task> expired = new ArrayList<>();
        for (Row r : rows.values()) {
            if (UNFINISHED.contains(r.status) && !r.leaseHolds(now)) {
                r.error = Optional.of(TaskError.interrupted());
                r.finish(TaskStatus.FAILED, now);
                expired.add(r.snapshot());
            }
        }
        return expired.stream().sorted(OLDEST_FIRST).toList();
    }

    private Row require(TaskId id) {
        Row row = rows.get(id);
        if (row == null) {
            throw id.notFound();
        }
        return row;
    }
}
