package io.graphstaging.registry.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.task.NewTask;
import io.graphstaging.core.task.Task;
import io.graphstaging.core.task.TaskLease;
import io.graphstaging.core.task.TaskOwner;
import io.graphstaging.core.task.TaskQuery;
import io.graphstaging.core.task.TaskType;
import io.graphstaging.registry.RegistryConfig;
import io.graphstaging.registry.migration.MigrationScripts;
import io.graphstaging.registry.migration.SchemaMigrator;
import io.graphstaging.registry.testing.PostgresTestServer;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A registry that goes away (a dedicated server, stopped) fails with REGISTRY_FAILED, then recovers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryOutageTest {
    private static final GraphId GRAPH = GraphId.of("g1");
    private static final TableName TABLE = TableName.of("entities");

    private PostgresTestServer server;
    private RegistryConfig config;
    private RegistryDatabase database;
    private PostgresFileRegistry registry;

    @BeforeAll
    void startServer() {
        server = PostgresTestServer.start();
    }

    @AfterAll
    void closeServer() {
        server.close();
    }

    @BeforeEach
    void start() {
        server.restart();
        config = server.newDatabase().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
        database = RegistryDatabase.open(config);
        new SchemaMigrator(database.jdbi(), MigrationScripts.bundled()).migrate();
        registry = new PostgresFileRegistry(database, new SortableIds());
        registry.registerTable(GRAPH, TABLE, TableKind.NODE);
    }

    @AfterEach
    void stop() {
        database.close();
    }

    @Test
    void everyOperationFailsAsRegistryFailedWhileTheServerIsDown() {
        // Short waits, so that each call below fails after 0.5 s rather than 2 s.
        RegistryDatabase impatient = RegistryDatabase.open(config.withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(1)));
        PostgresFileRegistry registry = new PostgresFileRegistry(impatient, new SortableIds());
        PostgresTaskStore tasks = new PostgresTaskStore(impatient, new SortableIds());
        TaskLease lease = new TaskLease(TaskOwner.of("p1"), Duration.ofSeconds(30));
        Task task = tasks.create(NewTask.onTable(TaskType.REFRESH, GRAPH, TABLE, "{}"), lease, 10);
        server.stop();

        List<Runnable> calls = List.of(
                () -> registry.findTable(GRAPH, TABLE),
                () -> registry.listFiles(GRAPH, TABLE),
                () -> registry.registerTable(GRAPH, TableName.of("other"), TableKind.PLAIN),
                () -> registry.recordStaging(GRAPH, TABLE, Map.of(), List.of(), 0),
                registry::checkHealth,
                () -> tasks.create(NewTask.onTable(TaskType.APPEND, GRAPH, TABLE, "{}"), lease, 10),
                () -> tasks.start(task.id(), lease),
                () -> tasks.renewLeases(lease),
                () -> tasks.complete(task.id(), lease.owner(), "{}"),
                () -> tasks.requestCancel(task.id()),
                () -> tasks.list(TaskQuery.newest(10)),
                tasks::expireLeases);
        for (Runnable call : calls) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(StagingException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.REGISTRY_FAILED);
                assertThat(e.getMessage()).startsWith("The file registry failed while").doesNotContain("\tat ");
            });
        }
        impatient.close();
    }

    @Test
    void recoversOnceTheServerIsBack() {
        server.stop();
        assertThatThrownBy(registry::checkHealth).isInstanceOf(StagingException.class);

        server.restart();

        server.awaitReconnected(registry);
        assertThat(registry.findTable(GRAPH, TABLE)).isPresent();
    }

    @Test
    void connectionsTheServerDroppedAreReplacedWithoutFailingTheCaller() throws Exception {
        registry.findTable(GRAPH, TABLE);
        try (Connection admin = server.admin("postgres"); Statement s = admin.createStatement()) {
            // What a server restart does to every pooled connection, without waiting for one.
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    + "WHERE application_name = 'graph-staging' AND pid <> pg_backend_pid()");
        }

        assertThat(registry.findTable(GRAPH, TABLE)).isPresent();
        assertThat(registry.listFiles(GRAPH, TABLE)).isEmpty();
    }

    @Test
    void anUnreachableDatabaseFailsAtOpenWithoutPrintingThePassword() {
        RegistryConfig config = RegistryConfig.external("jdbc:postgresql://localhost:1/registry?password=topsecret",
                "someone", "alsosecret").withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(1));

        assertThatThrownBy(() -> RegistryDatabase.open(config)).isInstanceOfSatisfying(StagingException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.REGISTRY_FAILED);
            assertThat(e.getMessage()).contains("password=***").doesNotContain("topsecret").doesNotContain("alsosecret");
        });
    }
}
