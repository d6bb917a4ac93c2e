package io.graphstaging.tests.registry;

import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.NewRegistryFile;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.UploadStatus;
import io.graphstaging.core.port.ObjectStore;
import io.graphstaging.core.port.StagingStore;
import io.graphstaging.core.usecase.RefreshTable;
import io.graphstaging.core.usecase.TableLocks;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.pool.PooledConnection;
import io.graphstaging.duckdb.table.DuckDbStagingStore;
import io.graphstaging.registry.RegistryConfig;
import io.graphstaging.registry.migration.MigrationScripts;
import io.graphstaging.registry.migration.SchemaMigrator;
import io.graphstaging.registry.postgres.PostgresFileRegistry;
import io.graphstaging.registry.postgres.RegistryDatabase;
import io.graphstaging.registry.postgres.SortableIds;
import io.graphstaging.s3.local.LocalDirectoryObjectStore;
import io.graphstaging.s3.spool.Spool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Everything a refresh touches, all real: a PostgreSQL registry database, DuckDB staging files
 * and a local-directory object store holding real Parquet, under one temp directory.
 */
final class RefreshFixture implements AutoCloseable {
    static final String BUCKET = "landing";

    final Path objectsDir;
    final DuckDbConnectionPool pool;
    final StagingStore store;
    final ObjectStore objects;
    final RegistryDatabase database;
    final PostgresFileRegistry registry;

    RefreshFixture(Path dir, RegistryConfig registryConfig) {
        DuckDbConfig defaults = DuckDbConfig.defaults(dir.resolve("duckdb"));
        pool = new DuckDbConnectionPool(defaults.withThreads(2).withMemoryLimit(ByteSize.ofBytes(512_000_000)),
                new SpoolDirectory(defaults.stagingDir().resolve("spool")), Clock.systemUTC());
        store = new DuckDbStagingStore(pool);
        objectsDir = dir.resolve("objects");
        objects = new LocalDirectoryObjectStore(objectsDir, new Spool(new SpoolDirectory(defaults.stagingDir().resolve("spool")), 1L << 30));
        database = RegistryDatabase.open(registryConfig);
        new SchemaMigrator(database.jdbi(), MigrationScripts.bundled()).migrate();
        registry = new PostgresFileRegistry(database, new SortableIds());
    }

    /** A refresh over these adapters; the wrappers let a test interpose faults. */
    RefreshTable refresh(Duration lockWait, UnaryOperator<ObjectStore> objectsWrapper,
                         UnaryOperator<StagingStore> storeWrapper) {
        return new RefreshTable(registry, objectsWrapper.apply(objects), storeWrapper.apply(store),
                new TableLocks(lockWait));
    }

    RefreshTable refresh() {
        return refresh(Duration.ofSeconds(30), UnaryOperator.identity(), UnaryOperator.identity());
    }

    static ObjectUri uri(String key) {
        return new ObjectUri(BUCKET, key);
    }

    /** Writes a node-table Parquet object with identifiers {@code first..last} and a name per row. */
    void putParquet(String key, int first, int last) {
        Path target = objectsDir.resolve(BUCKET).resolve(key);
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(objectsDir, "upload", ".parquet");
            Files.delete(temp);
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
                s.execute("COPY (SELECT i AS identifier, 'name-' || i AS name FROM range(" + first + ", " + (last + 1)
                        + ") t(i)) TO '" + temp.toString().replace("'", "''") + "' (FORMAT parquet)");
            }
            // Rename into place, as an uploader should: a spooled hard link keeps the old bytes.
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write test Parquet " + key, e);
        }
    }

    /** Writes an object that is not Parquet at all. */
    void putCorrupt(String key) {
        Path target = objectsDir.resolve(BUCKET).resolve(key);
        try {
            Files.createDirectories(target.getParent());
            Files.writeString(target, "this is not a parquet file");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RegistryFile register(GraphId graph, TableName table, String key, UploadStatus status) {
        return registry.registerFile(new NewRegistryFile(graph, table, uri(key), key, 100, status));
    }

    /** The rows a reader of the staging table sees, as "identifier/file_id", sorted. */
    List<String> rows(GraphId graph, TableName table) {
        try (PooledConnection pooled = pool.acquire(graph);
             Statement s = pooled.connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT identifier, file_id FROM \"" + table.value() + "\" ORDER BY identifier")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getLong(1) + "/" + rs.getString(2));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read staging table " + table, e);
        }
    }

    /** The expected rows of identifiers {@code first..last}, all tagged with one file id. */
    static List<String> rowsOf(int first, int last, RegistryFile file) {
        List<String> rows = new ArrayList<>();
        for (int i = first; i <= last; i++) {
            rows.add(i + "/" + file.id().value());
        }
        return rows;
    }

    @Override
    public void close() {
        try {
            database.close();
        } finally {
            pool.close();
        }
    }
}
