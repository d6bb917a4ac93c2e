package io.graphstaging.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.port.FileRegistry;
import io.graphstaging.registry.embedded.EmbeddedRegistryServer;
import io.graphstaging.registry.migration.MigrationScripts;
import io.graphstaging.registry.migration.SchemaMigrator;
import io.graphstaging.registry.postgres.RegistryDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory made by the releases before the embedded server had passwords (every local
 * connection trusted as superuser, the registry's tables in {@code public}) is upgraded in place
 * on start: its data stays, the trust goes.
 */
class EmbeddedRegistryUpgradeTest {
    private static final GraphId GRAPH = GraphId.of("g1");
    private static final TableName TABLE = TableName.of("entities");

    /** Starts the server the way those releases did, creates their schema and one file, stops it. */
    private static void createTheOldWay(Path dataDir) throws Exception {
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false)
                .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on").start()) {
            Jdbi jdbi = Jdbi.create(old.getJdbcUrl("postgres", "postgres"));
            new SchemaMigrator(jdbi, MigrationScripts.bundled().subList(0, 1)).migrate();
            jdbi.useHandle(h -> {
                h.execute("INSERT INTO graph_tables (id, graph_id, table_name, table_type, file_count, total_size_bytes) "
                        + "VALUES ('gt_old', 'g1', 'entities', 'node', 1, 10)");
                h.execute("INSERT INTO graph_files (id, graph_id, table_id, file_name, s3_key, file_size_bytes, "
                        + "upload_status, uploaded_at) VALUES ('gf_old', 'g1', 'gt_old', 'a.parquet', "
                        + "'s3://bucket/a.parquet', 10, 'completed', now())");
            });
        }
    }

    private static Injector injector(Path dataDir) {
        return Guice.createInjector(Stage.PRODUCTION, new RegistryModule(RegistryConfig.embedded(dataDir)));
    }

    private static List<RegistryFile> filesAfterStart(Path dataDir) {
        Injector injector = injector(dataDir);
        try (RegistryDatabase database = injector.getInstance(RegistryDatabase.class)) {
            EmbeddedRegistryServer server = database.embedded().orElseThrow();
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("postgres"), "postgres", null).close())
                    .as("the old trust is gone").isInstanceOf(SQLException.class);
            String user = database.jdbi().withHandle(h -> h.createQuery("SELECT current_user").mapTo(String.class).one());
            assertThat(user).isEqualTo(server.registryLogin().user()).isNotEqualTo("postgres");
            return injector.getInstance(FileRegistry.class).listFiles(GRAPH, TABLE);
        }
    }

    @Test
    void aDirectoryFromBeforePasswordsKeepsItsDataAcrossUpgradeAndRestarts(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("registry");
        createTheOldWay(dataDir);

        List<RegistryFile> upgraded = filesAfterStart(dataDir);
        List<RegistryFile> restarted = filesAfterStart(dataDir);

        assertThat(upgraded).singleElement().satisfies(f -> {
            assertThat(f.id().value()).isEqualTo("gf_old");
            assertThat(f.objectUri().toString()).isEqualTo("s3://bucket/a.parquet");
        });
        assertThat(restarted).isEqualTo(upgraded);
    }
}
