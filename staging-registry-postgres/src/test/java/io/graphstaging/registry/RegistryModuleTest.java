package io.graphstaging.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import io.graphstaging.core.lifecycle.ClosedAtShutdown;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.NewRegistryFile;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.UploadStatus;
import io.graphstaging.core.port.FileRegistry;
import io.graphstaging.core.task.NewTask;
import io.graphstaging.core.task.Task;
import io.graphstaging.core.task.TaskLease;
import io.graphstaging.core.task.TaskOwner;
import io.graphstaging.core.task.TaskStore;
import io.graphstaging.core.task.TaskType;
import io.graphstaging.registry.postgres.RegistryDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default run: no JDBC URL, so an embedded PostgreSQL whose data (files and tasks) outlives a restart. */
class RegistryModuleTest {
    private static final Key<Set<AutoCloseable>> CLOSED_AT_SHUTDOWN =
            Key.get(new TypeLiteral<Set<AutoCloseable>>() {}, ClosedAtShutdown.class);

    private static Injector injector(Path dataDir) {
        return Guice.createInjector(Stage.PRODUCTION, new AbstractModule() {
            @Override
            protected void configure() {
                binder().requireExplicitBindings();
                binder().disableCircularProxies();
            }
        }, new RegistryModule(RegistryConfig.embedded(dataDir)));
    }

    @Test
    void theEmbeddedRegistryKeepsItsDataAcrossRestarts(@TempDir Path dir) {
        Path dataDir = dir.resolve("data").resolve("registry");
        GraphId graph = GraphId.of("g1");
        TableName table = TableName.of("entities");

        Injector first = injector(dataDir);
        RegistryFile registered;
        Task task;
        try (RegistryDatabase database = first.getInstance(RegistryDatabase.class)) {
            FileRegistry registry = first.getInstance(FileRegistry.class);
            registry.registerTable(graph, table, TableKind.NODE);
            registered = registry.registerFile(new NewRegistryFile(graph, table, ObjectUri.parse("s3://bucket/a.parquet"),
                    "a.parquet", 10, UploadStatus.COMPLETED));
            TaskStore tasks = first.getInstance(TaskStore.class);
            TaskLease lease = new TaskLease(TaskOwner.of("first-run"), Duration.ofMinutes(1));
            task = tasks.create(NewTask.onTable(TaskType.REFRESH, graph, table, "{\"table_name\":\"entities\"}"),
                    lease, 10);
            task = tasks.start(task.id(), lease).orElseThrow();
            assertThat(database.embedded()).isPresent();
            assertThat(first.getInstance(CLOSED_AT_SHUTDOWN)).as("registered to be closed").containsExactly(database);
        }
        assertThat(Files.exists(dataDir.resolve("PG_VERSION"))).isTrue();

        Injector second = injector(dataDir);
        try (RegistryDatabase database = second.getInstance(RegistryDatabase.class)) {
            FileRegistry registry = second.getInstance(FileRegistry.class);
            assertThat(registry.registerTable(graph, table, TableKind.NODE).created()).isFalse();
            assertThat(registry.listFiles(graph, table)).containsExactly(registered);
            assertThat(second.getInstance(TaskStore.class).find(task.id())).contains(task);
        }
    }
}
