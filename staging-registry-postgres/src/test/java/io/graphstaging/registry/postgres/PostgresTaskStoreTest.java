package io.graphstaging.registry.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.task.NewTask;
import io.graphstaging.core.task.ProgressUnit;
import io.graphstaging.core.task.Task;
import io.graphstaging.core.task.TaskError;
import io.graphstaging.core.task.TaskLease;
import io.graphstaging.core.task.TaskOwner;
import io.graphstaging.core.task.TaskProgress;
import io.graphstaging.core.task.TaskStatus;
import io.graphstaging.core.task.TaskStore;
import io.graphstaging.core.task.TaskType;
import io.graphstaging.core.testing.TaskStoreContract;
import io.graphstaging.registry.RegistryConfig;
import io.graphstaging.registry.migration.MigrationScripts;
import io.graphstaging.registry.migration.SchemaMigrator;
import io.graphstaging.registry.testing.PostgresTestServer;
import io.graphstaging.registry.testing.SharedPostgresExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The TaskStore contract against real PostgreSQL, plus what only a shared database shows. The
 * store reads the database's clock, which a test cannot move: moving every stored time of the
 * tasks back by a span is the same, for every rule the store applies, as moving the clock on.
 */
@ExtendWith(SharedPostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresTaskStoreTest extends TaskStoreContract {
    private RegistryConfig config;
    private RegistryDatabase database;
    private PostgresTaskStore store;

    @BeforeAll
    void openDatabase(PostgresTestServer server) {
        config = server.newDatabase();
        database = RegistryDatabase.open(config);
        new SchemaMigrator(database.jdbi(), MigrationScripts.bundled()).migrate();
        store = new PostgresTaskStore(database, new SortableIds());
    }

    @AfterAll
    void closeDatabase() {
        database.close();
    }

    @Override
    protected TaskStore store() {
        return store;
    }

    @Override
    protected void advanceClock(Duration by) {
        database.jdbi().useHandle(h -> h.createUpdate("UPDATE tasks SET "
                        + "created_at = created_at - :ms * interval '1 millisecond', "
                        + "started_at = started_at - :ms * interval '1 millisecond', "
                        + "completed_at = completed_at - :ms * interval '1 millisecond', "
                        + "lease_expires_at = lease_expires_at - :ms * interval '1 millisecond'")
                .bind("ms", by.toMillis()).execute());
    }

    private static NewTask refresh(GraphId graph) {
        return NewTask.onTable(TaskType.REFRESH, graph, TableName.of("entities"), "{}");
    }

    @Test
    void processesSharingTheRegistryExpireOnlyTasksWhoseOwnerStoppedRenewing() {
        GraphId graph = GraphId.of("two-processes");
        TaskLease first = new TaskLease(TaskOwner.of("first-process"), Duration.ofSeconds(30));
        TaskLease second = new TaskLease(TaskOwner.of("second-process"), Duration.ofSeconds(30));
        try (RegistryDatabase otherPool = RegistryDatabase.open(config)) {
            PostgresTaskStore other = new PostgresTaskStore(otherPool, new SortableIds());
            Task running = store.start(store.create(refresh(graph), first, 10).id(), first).orElseThrow();
            Task queued = other.create(refresh(graph), second, 10);

            // The second process starts: its sweep leaves the first one's live task alone.
            assertThat(other.expireLeases()).extracting(Task::id).doesNotContain(running.id());
            assertThat(other.find(running.id()).orElseThrow().status()).isEqualTo(TaskStatus.RUNNING);

            // The first process dies; the second renews its own lease and sweeps after the first's ran out.
            advanceClock(Duration.ofSeconds(20));
            assertThat(other.renewLeases(second)).extracting(Task::id).containsExactly(queued.id());
            advanceClock(Duration.ofSeconds(20));
            List<Task> expired = other.expireLeases();

            assertThat(expired).extracting(Task::id).contains(running.id()).doesNotContain(queued.id());
            assertThat(store.find(running.id()).orElseThrow().error()).contains(TaskError.interrupted());
            assertThat(store.find(queued.id()).orElseThrow().status()).isEqualTo(TaskStatus.PENDING);
        }
    }

    @Test
    void storesTheCoresWireNames() {
        GraphId graph = GraphId.of("wire-names");
        TaskLease lease = new TaskLease(TaskOwner.of("p1"), Duration.ofSeconds(30));
        Task task = store.create(NewTask.onGraph(TaskType.MATERIALIZE_GRAPH, graph, "{}"), lease, 10);
        store.start(task.id(), lease).orElseThrow();
        store.reportProgress(task.id(), lease.owner(), TaskProgress.of("loading", 5, 10, ProgressUnit.BYTES));
        store.fail(task.id(), lease.owner(), new TaskError(ErrorCode.SCHEMA_MISMATCH, "no column id"));

        List<String> row = database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT task_type, status, progress_unit, error_code FROM tasks WHERE task_id = :id")
                .bind("id", task.id().value())
                .map((rs, ctx) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .one());
        assertThat(row).containsExactly("materialize_graph", "failed", "bytes", "schema_mismatch");
    }

    @Test
    void theSchemaRefusesValuesOutsideTheEnums() {
        assertThatThrownBy(() -> database.jdbi().useHandle(h -> h.execute("INSERT INTO tasks (task_id, task_type, "
                + "graph_id, table_name, status, request, owner, lease_expires_at, completed_at) VALUES ('task_x', "
                + "'refresh', 'g', 't', 'done', '{}', 'p1', now(), now())")))
                .hasMessageContaining("tasks_status_check");
        assertThatThrownBy(() -> database.jdbi().useHandle(h -> h.execute("INSERT INTO tasks (task_id, task_type, "
                + "graph_id, status, request, owner, lease_expires_at) VALUES ('task_y', 'refresh', 'g', 'pending', "
                + "'{}', 'p1', now())")))
                .hasMessageContaining("tasks_table_fits_type");
    }

    @Test
    void aStoredRowTheCoreRejectsIsARegistryFailureNamingTheRow() {
        GraphId graph = GraphId.of("unknown-code");
        TaskLease lease = new TaskLease(TaskOwner.of("p1"), Duration.ofSeconds(30));
        Task task = store.create(refresh(graph), lease, 10);
        // As a newer release might leave it: an error code this build does not know.
        database.jdbi().useHandle(h -> h.createUpdate("UPDATE tasks SET status = 'failed', completed_at = now(), "
                        + "error_code = 'some_future_code', error_detail = 'x' WHERE task_id = :id")
                .bind("id", task.id().value()).execute());

        assertThatThrownBy(() -> store.find(task.id())).isInstanceOfSatisfying(StagingException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.REGISTRY_FAILED);
            assertThat(e.getMessage()).contains("tasks row " + task.id());
        });
    }
}
