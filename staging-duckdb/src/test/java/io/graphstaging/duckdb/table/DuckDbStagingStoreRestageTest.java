package io.graphstaging.duckdb.table;

import io.graphstaging.core.model.SpoolDirectory;
import static org.assertj.core.api.Assertions.assertThat;

import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.model.TableName;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.pool.PooledConnection;
import io.graphstaging.duckdb.testing.ParquetFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Creating a table again from exactly the files it was built from keeps it (only its location
 * changes); any difference in files, order, content or history since rebuilds it. Whether the
 * hidden table was rebuilt is seen from its object id, which a new table never shares.
 */
class DuckDbStagingStoreRestageTest {
    private static final GraphId GRAPH = GraphId.of("restage");
    private static final TableName TABLE = TableName.of("people");
    private static final List<Column> COLUMNS = List.of(new Column("identifier", "BIGINT"), new Column("name", "VARCHAR"));

    @TempDir
    Path dir;
    private DuckDbConnectionPool pool;
    private DuckDbStagingStore store;
    private Path spool;

    @BeforeEach
    void open() throws Exception {
        pool = new DuckDbConnectionPool(DuckDbConfig.defaults(dir), new SpoolDirectory(dir.resolve("spool")), Clock.systemUTC());
        store = new DuckDbStagingStore(pool);
        spool = Files.createDirectories(pool.paths().spool(GRAPH));
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void identicalCreateKeepsTheTableAndGivesTheSameResult() throws Exception {
        List<SourceFile> files = List.of(file("a", 1, "ann", 2, "bob"), file("b", 2, "bea", 3, "cid"));
        StagedTable first = store.createTable(GRAPH, TABLE, files, "s3://bucket/v1/");
        long oid = hiddenTableOid();

        StagedTable second = store.createTable(GRAPH, TABLE, files, "s3://bucket/v2/");

        assertThat(hiddenTableOid()).isEqualTo(oid);
        assertThat(second.rowsPerSourceFile()).isEqualTo(first.rowsPerSourceFile());
        assertThat(second.summary().rowCount()).isEqualTo(3);
        assertThat(second.summary().fileCount()).isEqualTo(first.summary().fileCount());
        assertThat(second.summary().sizeBytes()).isEqualTo(first.summary().sizeBytes());
        assertThat(second.summary().location()).contains("s3://bucket/v2/");
        assertThat(store.listTables(GRAPH).get(0).location()).contains("s3://bucket/v2/");
        assertThat(rows()).containsExactly("1=ann", "2=bea", "3=cid");
    }

    @Test
    void changedContentRebuilds() throws Exception {
        SourceFile a = file("a", 1, "ann", 2, "bob");
        store.createTable(GRAPH, TABLE, List.of(a), null);
        long oid = hiddenTableOid();
        FileTime before = Files.getLastModifiedTime(a.localPath());
        // Same size (same shape), other content, and a different modification time.
        ParquetFiles.write(a.localPath(), COLUMNS, List.of(List.of(1L, "amy"), List.of(2L, "bud")));
        Files.setLastModifiedTime(a.localPath(), FileTime.fromMillis(before.toMillis() + 5_000));

        StagedTable again = store.createTable(GRAPH, TABLE, List.of(a), null);

        assertThat(hiddenTableOid()).isNotEqualTo(oid);
        assertThat(again.summary().rowCount()).isEqualTo(2);
        assertThat(rows()).containsExactly("1=amy", "2=bud");
    }

    @Test
    void anotherPathForTheSameKeyRebuilds() throws Exception {
        SourceFile a = file("a", 1, "ann", 2, "bob");
        store.createTable(GRAPH, TABLE, List.of(a), null);
        long oid = hiddenTableOid();
        // A new ETag gives the object a new spool path.
        Path moved = spool.resolve("a-new-etag.parquet");
        ParquetFiles.write(moved, COLUMNS, List.of(List.of(1L, "amy")));
        SourceFile changed = new SourceFile(a.uri(), moved, Optional.empty());

        store.createTable(GRAPH, TABLE, List.of(changed), null);

        assertThat(hiddenTableOid()).isNotEqualTo(oid);
        assertThat(rows()).containsExactly("1=amy");
    }

    @Test
    void reorderedFilesRebuildWithTheNewWinner() throws Exception {
        SourceFile a = file("a", 1, "ann");
        SourceFile b = file("b", 1, "bea");
        store.createTable(GRAPH, TABLE, List.of(a, b), null);
        assertThat(rows()).containsExactly("1=bea");
        long oid = hiddenTableOid();

        store.createTable(GRAPH, TABLE, List.of(b, a), null);

        assertThat(hiddenTableOid()).isNotEqualTo(oid);
        assertThat(rows()).containsExactly("1=ann");
    }

    @Test
    void fewerFilesRebuild() throws Exception {
        SourceFile a = file("a", 1, "ann");
        SourceFile b = file("b", 2, "bea");
        store.createTable(GRAPH, TABLE, List.of(a, b), null);
        long oid = hiddenTableOid();

        store.createTable(GRAPH, TABLE, List.of(a), null);

        assertThat(hiddenTableOid()).isNotEqualTo(oid);
        assertThat(rows()).containsExactly("1=ann");
    }

    @Test
    void appendInBetweenRebuilds() throws Exception {
        SourceFile a = file("a", 1, "ann");
        store.createTable(GRAPH, TABLE, List.of(a), null);
        store.appendFiles(GRAPH, TABLE, List.of(file("b", 1, "bea", 2, "bob")));
        assertThat(rows()).containsExactly("1=bea", "2=bob");
        long oid = hiddenTableOid();

        StagedTable again = store.createTable(GRAPH, TABLE, List.of(a), null);

        assertThat(hiddenTableOid()).isNotEqualTo(oid);
        assertThat(again.summary().rowCount()).isEqualTo(1);
        assertThat(rows()).containsExactly("1=ann");
    }

    @Test
    void deletedFileRowsInBetweenRebuild() throws Exception {
        SourceFile a = withId(file("a", 1, "ann"), "fa");
        SourceFile b = withId(file("b", 2, "bea"), "fb");
        store.createTable(GRAPH, TABLE, List.of(a, b), null);
        assertThat(store.deleteFileRows(GRAPH, TABLE, FileId.of("fb"))).isEqualTo(1);
        long oid = hiddenTableOid();

        StagedTable again = store.createTable(GRAPH, TABLE, List.of(a, b), null);

        assertThat(hiddenTableOid()).isNotEqualTo(oid);
        assertThat(again.rowsPerSourceFile()).isEqualTo(java.util.Map.of("fa", 1L, "fb", 1L));
        assertThat(rows()).containsExactly("1=ann", "2=bea");
    }

    @Test
    void fileIdGivenOrDroppedRebuilds() throws Exception {
        SourceFile a = file("a", 1, "ann");
        store.createTable(GRAPH, TABLE, List.of(a), null);
        long oid = hiddenTableOid();

        store.createTable(GRAPH, TABLE, List.of(withId(a, "fa")), null);
        long withId = hiddenTableOid();
        assertThat(withId).isNotEqualTo(oid);
        assertThat(columns()).containsExactly("identifier", "name", "file_id");

        store.createTable(GRAPH, TABLE, List.of(a), null);
        assertThat(hiddenTableOid()).isNotEqualTo(withId);
        assertThat(columns()).containsExactly("identifier", "name");
    }

    private SourceFile file(String name, Object... idAndName) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < idAndName.length; i += 2) {
            rows.add(List.of(((Integer) idAndName[i]).longValue(), idAndName[i + 1]));
        }
        Path path = spool.resolve(name + ".parquet");
        ParquetFiles.write(path, COLUMNS, rows);
        return new SourceFile(new ObjectUri("bucket", "people/" + name + ".parquet"), path, Optional.empty());
    }

    private static SourceFile withId(SourceFile f, String id) {
        return new SourceFile(f.uri(), f.localPath(), Optional.of(FileId.of(id)));
    }

    private long hiddenTableOid() throws SQLException {
        try (PooledConnection pooled = pool.acquire(GRAPH);
             PreparedStatement ps = pooled.connection().prepareStatement(
                     "SELECT table_oid FROM duckdb_tables() WHERE schema_name = '_staging' AND table_name = ?")) {
            ps.setString(1, StagingCatalog.rawName(TABLE));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("hidden table exists").isTrue();
                return rs.getLong(1);
            }
        }
    }

    private List<String> rows() throws SQLException {
        try (PooledConnection pooled = pool.acquire(GRAPH); Statement s = pooled.connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT identifier, name FROM people ORDER BY identifier")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getLong(1) + "=" + rs.getString(2));
            }
            return rows;
        }
    }

    private List<String> columns() {
        return store.describeTable(GRAPH, TABLE).orElseThrow().columns().stream().map(Column::name).toList();
    }
}
