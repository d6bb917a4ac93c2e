package io.graphstaging.registry.postgres;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/**
 * {@link TaskStore} on the registry's PostgreSQL through Jdbi. Every value is a bound parameter.
 *
 * <p>Every time is the database's {@code now()}, never the JVM's: processes sharing the registry
 * then agree on when a lease ends whatever their own clocks say, so a process with a clock
 * running ahead cannot expire another's live tasks. The lease arithmetic is done in the statements
 * that decide on it; a write and an expiry of one task lock its row, so exactly one of them wins.
 * Statements that touch several tasks lock them in id order (expiry skips rows locked by a write
 * at that moment), so that they never deadlock with each other.
 */
public final class PostgresTaskStore implements TaskStore {
    /** Advisory lock space ("task") of a graph's creates; two-int keys never meet the migrator's bigint key. */
    private static final int CREATE_LOCK_SPACE = 0x7461736b;
    private static final String LEASE_END = "now() + :leaseMs * interval '1 millisecond'";
    /** Literal, so that the planner can use the partial indexes of unfinished tasks. */
    private static final String UNFINISHED = "status IN ('" + TaskStatus.PENDING.wireName() + "', '"
            + TaskStatus.RUNNING.wireName() + "')";
    private static final List<TaskStatus> RUNNING = List.of(TaskStatus.RUNNING);
    private static final List<TaskStatus> PENDING_OR_RUNNING = List.of(TaskStatus.PENDING, TaskStatus.RUNNING);
    private static final RowMapper<Task> ROW = (rs, ctx) -> TaskRows.task(rs);

    private final RegistryDatabase database;
    private final SortableIds ids;

    public PostgresTaskStore(RegistryDatabase database, SortableIds ids) {
        this.database = database;
        this.ids = ids;
    }

    @Override
    public Task create(NewTask task, TaskLease lease, int maxQueued) {
        return database.inTransaction("creating a " + task.type().wireName() + " task on graph " + task.graph(), h -> {
            // Creates on one graph take turns, so that two of them never both see room for one more.
            h.createQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(:space, hashtext(:graph))) AS locked")
                    .bind("space", CREATE_LOCK_SPACE).bind("graph", task.graph().value()).mapTo(Integer.class).one();
            int queued = countQueued(h, task.graph());
            if (queued >= maxQueued) {
                throw task.queueFull(queued);
            }
            return h.createQuery("INSERT INTO tasks (task_id, task_type, graph_id, table_name, status, request, owner, "
                            + "lease_expires_at) VALUES (:id, :type, :graph, :table, :pending, :request, :owner, "
                            + LEASE_END + ") RETURNING " + TaskRows.COLUMNS)
                    .bind("id", ids.next("task_")).bind("type", task.type().wireName())
                    .bind("graph", task.graph().value()).bind("table", task.table().map(TableName::value).orElse(null))
                    .bind("pending", TaskStatus.PENDING.wireName()).bind("request", task.request())
                    .bind("owner", lease.owner().value()).bind("leaseMs", lease.term().toMillis())
                    .map(ROW).one();
        });
    }

    @Override
    public Optional<Task> start(TaskId id, TaskLease lease) {
        return database.inTransaction("starting task " + id, h -> {
            Optional<Task> started = h.createQuery("UPDATE tasks SET status = :running, started_at = now(), "
                            + "owner = :owner, lease_expires_at = " + LEASE_END + " WHERE task_id = :id "
                            + "AND status = :pending AND lease_expires_at > now() RETURNING " + TaskRows.COLUMNS)
                    .bind("running", TaskStatus.RUNNING.wireName()).bind("pending", TaskStatus.PENDING.wireName())
                    .bind("owner", lease.owner().value()).bind("leaseMs", lease.term().toMillis())
                    .bind("id", id.value())
                    .map(ROW).findOne();
            if (started.isEmpty()) {
                requireTask(h, id);
            }
            return started;
        });
    }

    @Override
    public List<Task> renewLeases(TaskLease lease) {
        return database.inTransaction("renewing the task leases of owner " + lease.owner(), h -> h.createQuery(
                        "WITH held AS (SELECT task_id FROM tasks WHERE owner = :owner AND " + UNFINISHED
                                + " AND lease_expires_at > now() ORDER BY task_id FOR UPDATE), "
                                + "renewed AS (UPDATE tasks t SET lease_expires_at = " + LEASE_END
                                + " FROM held WHERE t.task_id = held.task_id RETURNING t.*) "
                                + "SELECT " + TaskRows.COLUMNS + " FROM renewed ORDER BY created_at, task_id")
                .bind("owner", lease.owner().value()).bind("leaseMs", lease.term().toMillis())
                .map(ROW).list());
    }

    @Override
    public Optional<Task> reportProgress(TaskId id, TaskOwner owner, TaskProgress progress) {
        return ownerWrite("recording the progress of task " + id, id, owner, RUNNING,
                "progress_phase = :phase, progress_done = :done, progress_total = :total, progress_unit = :unit",
                q -> q.bind("phase", progress.phase()).bind("done", progress.done())
                        .bind("total", progress.total().isPresent() ? progress.total().getAsLong() : null)
                        .bind("unit", progress.unit().wireName()));
    }

    @Override
    public Optional<Task> complete(TaskId id, TaskOwner owner, String result) {
        return ownerWrite("completing task " + id, id, owner, RUNNING,
                "status = :to, result = :result, completed_at = now()",
                q -> q.bind("to", TaskStatus.COMPLETED.wireName()).bind("result", result));
    }

    @Override
    public Optional<Task> fail(TaskId id, TaskOwner owner, TaskError error) {
        return ownerWrite("failing task " + id, id, owner, PENDING_OR_RUNNING,
                "status = :to, error_code = :code, error_detail = :detail, completed_at = now()",
                q -> q.bind("to", TaskStatus.FAILED.wireName()).bind("code", error.code().code())
                        .bind("detail", error.detail()));
    }

    @Override
    public Optional<Task> cancel(TaskId id, TaskOwner owner) {
        return ownerWrite("cancelling task " + id, id, owner, PENDING_OR_RUNNING, "status = :to, completed_at = now()",
                q -> q.bind("to", TaskStatus.CANCELLED.wireName()));
    }

    /** Applies {@code assignments} when {@code owner} holds the task's lease in one of the statuses {@code from}. */
    private Optional<Task> ownerWrite(String action, TaskId id, TaskOwner owner, List<TaskStatus> from,
                                      String assignments, UnaryOperator<Query> values) {
        return database.inTransaction(action, h -> {
            Optional<Task> written = values.apply(h.createQuery("UPDATE tasks SET " + assignments
                            + " WHERE task_id = :id AND owner = :owner AND status = ANY(:from) "
                            + "AND lease_expires_at > now() RETURNING " + TaskRows.COLUMNS))
                    .bind("id", id.value()).bind("owner", owner.value())
                    .bindArray("from", String.class, from.stream().map(TaskStatus::wireName).toList())
                    .map(ROW).findOne();
            if (written.isEmpty()) {
                requireTask(h, id);
            }
            return written;
        });
    }

    @Override
    public Task requestCancel(TaskId id) {
        return database.inTransaction("requesting the cancel of task " + id, h -> h.createQuery(
                        "UPDATE tasks SET cancel_requested = true, "
                                + "status = CASE WHEN status = :pending THEN :cancelled ELSE status END, "
                                + "completed_at = CASE WHEN status = :pending THEN now() ELSE completed_at END "
                                + "WHERE task_id = :id AND " + UNFINISHED + " RETURNING " + TaskRows.COLUMNS)
                .bind("pending", TaskStatus.PENDING.wireName()).bind("cancelled", TaskStatus.CANCELLED.wireName())
                .bind("id", id.value())
                .map(ROW).findOne()
                .orElseGet(() -> requireTask(h, id)));
    }

    @Override
    public Optional<Task> find(TaskId id) {
        return database.inTransaction("reading task " + id, h -> find(h, id));
    }

    private static Optional<Task> find(Handle h, TaskId id) {
        return h.createQuery("SELECT " + TaskRows.COLUMNS + " FROM tasks WHERE task_id = :id")
                .bind("id", id.value()).map(ROW).findOne();
    }

    private static Task requireTask(Handle h, TaskId id) {
        return find(h, id).orElseThrow(id::notFound);
    }

    @Override
    public List<Task> list(TaskQuery query) {
        return database.inTransaction("listing tasks", h -> {
            List<String> conditions = new ArrayList<>();
            query.status().ifPresent(s -> conditions.add("status = :status"));
            query.graph().ifPresent(g -> conditions.add("graph_id = :graph"));
            Query select = h.createQuery("SELECT " + TaskRows.COLUMNS + " FROM tasks"
                    + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                    + " ORDER BY created_at DESC, task_id DESC LIMIT :limit");
            query.status().ifPresent(s -> select.bind("status", s.wireName()));
            query.graph().ifPresent(g -> select.bind("graph", g.value()));
            return select.bind("limit", query.limit()).map(ROW).list();
        });
    }

    @Override
    public int countQueued(GraphId graph) {
        return database.inTransaction("counting the queued tasks of graph " + graph, h -> countQueued(h, graph));
    }

    private static int countQueued(Handle h, GraphId graph) {
        return h.createQuery("SELECT count(*) FROM tasks WHERE graph_id = :graph AND status = '"
                        + TaskStatus.PENDING.wireName() + "' AND lease_expires_at > now()")
                .bind("graph", graph.value()).mapTo(Integer.class).one();
    }

    @Override
    public List<Task> expireLeases() {
        TaskError interrupted = TaskError.interrupted();
        return database.inTransaction("expiring task leases", h -> h.createQuery(
                        "WITH due AS (SELECT task_id FROM tasks WHERE " + UNFINISHED + " AND lease_expires_at <= now() "
                                + "ORDER BY task_id FOR UPDATE SKIP LOCKED), "
                                + "expired AS (UPDATE tasks t SET status = :failed, error_code = :code, "
                                + "error_detail = :detail, completed_at = now() FROM due "
                                + "WHERE t.task_id = due.task_id RETURNING t.*) "
                                + "SELECT " + TaskRows.COLUMNS + " FROM expired ORDER BY created_at, task_id")
                .bind("failed", TaskStatus.FAILED.wireName()).bind("code", interrupted.code().code())
                .bind("detail", interrupted.detail())
                .map(ROW).list());
    }
}
