package io.graphstaging.registry.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.NewRegistryFile;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.UploadStatus;
import io.graphstaging.registry.postgres.PostgresFileRegistry;
import io.graphstaging.registry.postgres.RegistryDatabase;
import io.graphstaging.registry.postgres.SortableIds;
import io.graphstaging.registry.testing.PostgresTestServer;
import io.graphstaging.registry.testing.SharedPostgresExtension;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The migration that makes an object unique per table, on a database where the releases before
 * it registered objects several times: the start does not fail, one registration per object
 * stays (the oldest whose upload completed, else the oldest), the others are moved aside.
 */
@ExtendWith(SharedPostgresExtension.class)
class DuplicateFilesMigrationTest {
    private static final String K1 = "s3://bucket/one.parquet";
    private static final String K2 = "s3://bucket/two.parquet";

    private RegistryDatabase database;
    private Jdbi jdbi;

    @BeforeEach
    void databaseOfTheEarlierSchema(PostgresTestServer server) {
        database = RegistryDatabase.open(server.newDatabase());
        jdbi = database.jdbi();
        new SchemaMigrator(jdbi, MigrationScripts.bundled().subList(0, 1)).migrate();
    }

    @AfterEach
    void close() {
        database.close();
    }

    private void file(String id, String tableId, String key, String status, long size) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO graph_files (id, graph_id, table_id, file_name, s3_key, "
                        + "file_size_bytes, upload_status) VALUES (:id, 'g', :table, :id, :key, :size, :status)")
                .bind("id", id).bind("table", tableId).bind("key", key).bind("size", size).bind("status", status)
                .execute());
    }

    private List<String> rows(String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
    }

    @Test
    void keepsOneRegistrationPerObjectAndTableAndMovesTheOthersAside() {
        jdbi.useHandle(h -> h.execute("INSERT INTO graph_tables (id, graph_id, table_name, table_type, file_count, "
                + "total_size_bytes) VALUES ('gt_a', 'g', 'a', 'node', 5, 450), ('gt_b', 'g', 'b', 'node', 1, 100)"));
        file("gf_01", "gt_a", K1, "failed", 100);
        file("gf_02", "gt_a", K1, "completed", 100);
        file("gf_03", "gt_a", K1, "completed", 100);
        file("gf_04", "gt_a", K2, "completed", 50);
        file("gf_05", "gt_a", K2, "pending", 100);
        file("gf_06", "gt_b", K1, "completed", 100);

        SchemaMigrator.Result result = new SchemaMigrator(jdbi, MigrationScripts.bundled()).migrate();

        assertThat(result.applied()).contains(2);
        assertThat(rows("SELECT id FROM graph_files ORDER BY id")).containsExactly("gf_02", "gf_04", "gf_06");
        assertThat(rows("SELECT concat_ws(' ', id, duplicate_of, upload_status) FROM graph_files_duplicates ORDER BY id"))
                .containsExactly("gf_01 gf_02 failed", "gf_03 gf_02 completed", "gf_05 gf_04 pending");
        assertThat(rows("SELECT concat_ws(' ', id, file_count, total_size_bytes) FROM graph_tables ORDER BY id"))
                .containsExactly("gt_a 2 150", "gt_b 1 100");

        PostgresFileRegistry registry = new PostgresFileRegistry(database, new SortableIds());
        assertThatThrownBy(() -> registry.registerFile(new NewRegistryFile(GraphId.of("g"), TableName.of("a"),
                ObjectUri.parse(K1), "again.parquet", 1, UploadStatus.COMPLETED)))
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REGISTRY_FILE_EXISTS);
                    assertThat(e.getMessage()).contains("gf_02");
                });
        assertThatThrownBy(() -> file("gf_07", "gt_a", K2, "completed", 1))
                .as("the index refuses what bypasses the registry").hasMessageContaining("graph_files_table_object_unique");
    }

    @Test
    void aDatabaseWithoutDuplicatesIsLeftAsItWas() {
        jdbi.useHandle(h -> h.execute("INSERT INTO graph_tables (id, graph_id, table_name, table_type, file_count, "
                + "total_size_bytes, updated_at) VALUES ('gt_a', 'g', 'a', 'node', 7, 7, '2020-01-01Z')"));
        file("gf_01", "gt_a", K1, "completed", 1);
        file("gf_02", "gt_a", K2, "completed", 1);

        new SchemaMigrator(jdbi, MigrationScripts.bundled()).migrate();

        assertThat(rows("SELECT id FROM graph_files ORDER BY id")).containsExactly("gf_01", "gf_02");
        assertThat(rows("SELECT id FROM graph_files_duplicates")).isEmpty();
        // Counters of tables without duplicates are not recomputed (even when they were off).
        assertThat(rows("SELECT file_count || ' ' || extract(year FROM updated_at) FROM graph_tables"))
                .containsExactly("7 2020");
    }
}
