package io.graphstaging.registry.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.NewRegistryFile;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.UploadStatus;
import io.graphstaging.core.port.FileRegistry;
import io.graphstaging.core.testing.FileRegistryContract;
import io.graphstaging.registry.migration.MigrationScripts;
import io.graphstaging.registry.migration.SchemaMigrator;
import io.graphstaging.registry.testing.PostgresTestServer;
import io.graphstaging.registry.testing.SharedPostgresExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The FileRegistry contract against real PostgreSQL, plus what only a shared database shows. */
@ExtendWith(SharedPostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresFileRegistryTest extends FileRegistryContract {
    private RegistryDatabase database;
    private PostgresFileRegistry registry;

    @BeforeAll
    void openDatabase(PostgresTestServer server) {
        database = RegistryDatabase.open(server.newDatabase());
        new SchemaMigrator(database.jdbi(), MigrationScripts.bundled()).migrate();
        registry = new PostgresFileRegistry(database, new SortableIds());
    }

    @AfterAll
    void closeDatabase() {
        database.close();
    }

    @Override
    protected FileRegistry registry() {
        return registry;
    }

    @Test
    void concurrentRegistrationsOfOneTableCreateItOnce() throws Exception {
        GraphId graph = GraphId.of("concurrent-tables");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<FileRegistry.Registration>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> registry.registerTable(graph, TableName.of("t"), TableKind.NODE)));
            }
            List<FileRegistry.Registration> registrations = new ArrayList<>();
            for (Future<FileRegistry.Registration> r : results) {
                registrations.add(r.get());
            }
            assertThat(registrations).filteredOn(FileRegistry.Registration::created).hasSize(1);
            assertThat(registrations).extracting(r -> r.table().id()).containsOnly(registrations.get(0).table().id());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentFileRegistrationsAreAllCounted() throws Exception {
        GraphId graph = GraphId.of("concurrent-files");
        TableName table = TableName.of("t");
        registry.registerTable(graph, table, TableKind.NODE);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<RegistryFile>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String name = "f" + i + ".parquet";
                results.add(pool.submit(() -> registry.registerFile(new NewRegistryFile(graph, table,
                        ObjectUri.parse("s3://bucket/" + name), name, 10, UploadStatus.COMPLETED))));
            }
            for (Future<RegistryFile> r : results) {
                r.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(registry.listFiles(graph, table)).hasSize(40);
        assertThat(registry.findTable(graph, table).orElseThrow().fileCount()).isEqualTo(40);
        assertThat(registry.findTable(graph, table).orElseThrow().totalSizeBytes()).isEqualTo(400);
    }

    @Test
    void concurrentRegistrationsOfOneObjectRegisterItOnce() throws Exception {
        GraphId graph = GraphId.of("concurrent-object");
        TableName table = TableName.of("t");
        registry.registerTable(graph, table, TableKind.NODE);
        NewRegistryFile same = new NewRegistryFile(graph, table, ObjectUri.parse("s3://bucket/same.parquet"), "same.parquet",
                10, UploadStatus.COMPLETED);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<RegistryFile>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> registry.registerFile(same)));
            }
            List<String> refused = new ArrayList<>();
            for (Future<RegistryFile> r : results) {
                try {
                    r.get();
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOfSatisfying(StagingException.class,
                            s -> assertThat(s.code()).isEqualTo(ErrorCode.REGISTRY_FILE_EXISTS));
                    refused.add(e.getCause().getMessage());
                }
            }
            RegistryFile only = registry.listFiles(graph, table).get(0);
            assertThat(refused).hasSize(15).allSatisfy(m -> assertThat(m).contains(only.id().value()));
        } finally {
            pool.shutdownNow();
        }
        assertThat(registry.listFiles(graph, table)).hasSize(1);
        assertThat(registry.findTable(graph, table).orElseThrow().fileCount()).isEqualTo(1);
        assertThat(registry.findTable(graph, table).orElseThrow().totalSizeBytes()).isEqualTo(10);
    }

    @Test
    void aStoredRowTheCoreRejectsIsARegistryFailureNamingTheRow() {
        GraphId graph = GraphId.of("carried-over");
        String tableId = registry.registerTable(graph, TableName.of("t"), TableKind.NODE).table().id();
        // As data carried over from the original registry might be: a key that is no s3:// URI.
        database.jdbi().useHandle(h -> h.createUpdate("INSERT INTO graph_files (id, graph_id, table_id, file_name, s3_key, "
                        + "upload_status) VALUES ('gf_legacy', :g, :t, 'x.parquet', '/local/x.parquet', 'completed')")
                .bind("g", graph.value()).bind("t", tableId).execute());

        assertThatThrownBy(() -> registry.listFiles(graph, TableName.of("t")))
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REGISTRY_FAILED);
                    assertThat(e.getMessage()).contains("graph_files row gf_legacy");
                });
    }

    @Test
    void theSchemaRefusesStatusesOutsideTheEnums() {
        GraphId graph = GraphId.of("checked");
        String tableId = registry.registerTable(graph, TableName.of("t"), TableKind.NODE).table().id();

        assertThatThrownBy(() -> database.jdbi().useHandle(h -> h.createUpdate("INSERT INTO graph_files (id, graph_id, "
                        + "table_id, file_name, s3_key, upload_status) VALUES ('gf_x', :g, :t, 'x', 's3://b/x', 'done')")
                .bind("g", graph.value()).bind("t", tableId).execute()))
                .hasMessageContaining("graph_files_upload_status_check");
    }

    @Test
    void storesStatusesAsLowercaseWireNames() {
        GraphId graph = GraphId.of("wire-names");
        registry.registerTable(graph, TableName.of("t"), TableKind.RELATIONSHIP);
        registry.registerFile(new NewRegistryFile(graph, TableName.of("t"), ObjectUri.parse("s3://bucket/a"), "a",
                1, UploadStatus.UPLOADING));

        List<String> row = database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT t.table_type, f.upload_status, f.duckdb_status, f.graph_status FROM graph_files f "
                                + "JOIN graph_tables t ON t.id = f.table_id WHERE f.graph_id = :g")
                .bind("g", graph.value())
                .map((rs, ctx) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .one());
        assertThat(row).containsExactly("relationship", "uploading", "pending", "pending");
    }
}
