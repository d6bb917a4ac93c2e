package io.graphstaging.duckdb.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.SchemaContract;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.model.TableName;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.pool.PooledConnection;
import io.graphstaging.duckdb.testing.ParquetFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine side of {@code evolve}: real Parquet types (INT32, FLOAT, DECIMAL) cast into or
 * widening the staged table in place, the change log of an append that adds a column, and the
 * refusal that names the column and both types.
 */
class DuckDbSchemaContractTest {
    private static final GraphId GRAPH = GraphId.of("contracts");
    private static final TableName TABLE = TableName.of("issuers");
    private static final SchemaContract EVOLVE = new SchemaContract(SchemaContract.Columns.EVOLVE,
            SchemaContract.Rows.REJECT_FILE);

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

    private SourceFile file(String name, String select) {
        Path path = ParquetFiles.write(spool.resolve(name + ".parquet"), select);
        return new SourceFile(new ObjectUri("bucket", "q/" + name + ".parquet"), path, Optional.of(FileId.of(name)));
    }

    @Test
    void narrowerTypesAreCastIntoTheTablesAndWiderOnesWidenItInPlace() throws Exception {
        store.createTable(GRAPH, TABLE, List.of(file("q1", "SELECT 1::BIGINT AS identifier, 1.5::DOUBLE AS price,"
                + " 10.25::DECIMAL(18,2) AS amount, 7::INTEGER AS units")), "loc", EVOLVE, new Cancellation());

        store.appendFiles(GRAPH, TABLE, List.of(file("q2", "SELECT 2::INTEGER AS identifier, 2.5::FLOAT AS price,"
                + " 20.5::DECIMAL(10,2) AS amount, 9000000000::BIGINT AS units")), Optional.empty(), new Cancellation());

        assertThat(store.describeTable(GRAPH, TABLE).orElseThrow().columns()).containsExactly(
                new Column("identifier", "BIGINT"), new Column("price", "DOUBLE"), new Column("amount", "DECIMAL(18,2)"),
                new Column("units", "BIGINT"), new Column("file_id", "VARCHAR"));
        assertThat(rows("SELECT identifier, price, amount, units FROM issuers ORDER BY identifier"))
                .containsExactly("1|1.5|10.25|7", "2|2.5|20.50|9000000000");
    }

    @Test
    void aDecimalWithMoreScaleWidensToTheLargerDigitsAndScale() throws Exception {
        store.createTable(GRAPH, TABLE, List.of(file("q1", "SELECT 1::BIGINT AS identifier, 12345678.12::DECIMAL(10,2) AS amount")),
                "loc", EVOLVE, new Cancellation());

        store.appendFiles(GRAPH, TABLE, List.of(file("q2", "SELECT 2::BIGINT AS identifier, 1.1234::DECIMAL(6,4) AS amount")),
                Optional.empty(), new Cancellation());

        assertThat(store.describeTable(GRAPH, TABLE).orElseThrow().columns()).contains(new Column("amount", "DECIMAL(12,4)"));
        assertThat(rows("SELECT identifier, amount FROM issuers ORDER BY identifier"))
                .containsExactly("1|12345678.1200", "2|1.1234");
    }

    @Test
    void anIncompatibleTypeIsRefusedNamingTheColumnAndBothTypesAndChangesNothing() throws Exception {
        store.createTable(GRAPH, TABLE, List.of(file("q1", "SELECT 1::BIGINT AS identifier, 'a' AS name")), "loc", EVOLVE,
                new Cancellation());

        Throwable thrown = catchThrowable(() -> store.appendFiles(GRAPH, TABLE, List.of(file("q2",
                "SELECT 2::BIGINT AS identifier, true AS name, 3 AS extra")), Optional.empty(), new Cancellation()));

        assertThat(thrown).isInstanceOf(StagingException.class);
        assertThat(((StagingException) thrown).code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH);
        assertThat(thrown.getMessage()).contains("'name'", "BOOLEAN", "VARCHAR", "s3://bucket/q/q2.parquet")
                .doesNotContain(spool.toString());
        assertThat(store.describeTable(GRAPH, TABLE).orElseThrow().columns()).extracting(Column::name)
                .containsExactly("identifier", "name", "file_id");
    }

    @Test
    void anAppendThatAddsAColumnLogsOnlyItsOwnKeysAndTheViewShowsTheColumn() throws Exception {
        store.createTable(GRAPH, TABLE, List.of(file("q1", "SELECT range AS identifier, 'n' || range AS name FROM range(100)")),
                "loc", EVOLVE, new Cancellation());

        StagedTable appended = store.appendFiles(GRAPH, TABLE, List.of(file("q2",
                "SELECT range + 95 AS identifier, 'm' AS name, range AS rating FROM range(10)")), Optional.empty(),
                new Cancellation());

        assertThat(appended.summary().rowCount()).isEqualTo(105);
        assertThat(rows("SELECT count(*), count(rating), min(identifier) FILTER (WHERE rating IS NOT NULL) FROM issuers"))
                .containsExactly("105|10|95");
        assertThat(rows("SELECT count(DISTINCT identifier), min(identifier) FROM _staging.\"changes:issuers\""))
                .containsExactly("10|95");
    }

    @Test
    void anAddedColumnLeavesTheStagedRowsAsTheyWereAndDedupeRevivalAndExportSpanTheSegments() throws Exception {
        store.createTable(GRAPH, TABLE, List.of(file("q1", "SELECT range AS identifier, 'a' || range AS name FROM range(100)")),
                "loc", EVOLVE, new Cancellation());
        store.appendFiles(GRAPH, TABLE, List.of(file("q2",
                "SELECT range + 90 AS identifier, 'b' AS name, range * 10 AS rating FROM range(20)")), Optional.empty(),
                new Cancellation());
        store.appendFiles(GRAPH, TABLE, List.of(file("q3", "SELECT range + 105 AS identifier, 'c' AS name FROM range(10)")),
                Optional.empty(), new Cancellation());

        // No ADD COLUMN on the rows staged before: they stay in their table, the new shape starts a second one.
        assertThat(rows("SELECT table_name, count(*) FILTER (WHERE column_name = 'rating') FROM duckdb_columns()"
                + " WHERE schema_name = '_staging' AND table_name LIKE 'rows:issuers%' GROUP BY table_name ORDER BY table_name"))
                .containsExactly("rows:issuers|0", "rows:issuers#1|1");
        assertThat(rows("SELECT count(*), count(rating), sum(rating), count(*) FILTER (WHERE name = 'b') FROM issuers"))
                .containsExactly("115|15|1050|15");
        assertThat(store.listTables(GRAPH).get(0).rowCount()).isEqualTo(115);

        // Deleting q3 revives q2's rows (second segment); deleting q2 then revives q1's (first segment).
        assertThat(store.deleteFileRows(GRAPH, TABLE, FileId.of("q3"))).isEqualTo(10);
        assertThat(rows("SELECT count(*), count(rating), max(identifier) FROM issuers")).containsExactly("110|20|109");
        assertThat(store.deleteFileRows(GRAPH, TABLE, FileId.of("q2"))).isEqualTo(20);

        assertThat(rows("SELECT count(*), count(rating), count(*) FILTER (WHERE name LIKE 'a%'), max(identifier)"
                + " FROM issuers")).containsExactly("100|0|100|99");
        assertThat(store.listTables(GRAPH).get(0).rowCount()).isEqualTo(100);
        assertThat(rows("SELECT count(DISTINCT identifier) FROM _staging.\"changes:issuers\"")).containsExactly("25");
        try (var export = store.exportParquet(GRAPH, TABLE, List.of("identifier", "name", "rating"), Set.of())) {
            assertThat(export.rowCount()).isEqualTo(100);
            assertThat(rows("SELECT count(*), count(DISTINCT identifier), max(identifier) FROM read_parquet('"
                    + export.path() + "')")).containsExactly("100|100|99");
        }
    }

    @Test
    void everyAppendThatAddsAColumnStartsASegmentAndLargeAppendsAreReadBackWhole() throws Exception {
        // Files above a row group (122,880 rows) take the engine's bulk insert path into the new segment.
        store.createTable(GRAPH, TABLE, List.of(file("q0", "SELECT range AS identifier FROM range(130000)")), "loc",
                EVOLVE, new Cancellation());
        for (int i = 1; i <= 3; i++) {
            StagedTable appended = store.appendFiles(GRAPH, TABLE, List.of(file("q" + i, "SELECT range + " + (100_000 * i)
                    + " AS identifier, range AS extra_" + i + " FROM range(130000)")), Optional.empty(), new Cancellation());
            assertThat(appended.summary().rowCount()).as("after q%d", i).isEqualTo(130_000 + 100_000L * i);
        }

        assertThat(rows("SELECT count(*), count(extra_1), count(extra_2), count(extra_3), min(extra_1), max(extra_3),"
                + " max(identifier) FROM issuers")).containsExactly("430000|100000|100000|130000|0|129999|429999");
        assertThat(rows("SELECT count(*) FROM issuers WHERE extra_3 >= 129000")).containsExactly("1000");
        assertThat(rows("SELECT count(*) FROM duckdb_tables() WHERE schema_name = '_staging'"
                + " AND table_name LIKE 'rows:issuers%'")).containsExactly("4");
    }

    @Test
    void reStagingUnchangedFilesAnswersTheRowsTheirQuarantineHolds() throws Exception {
        SchemaContract quarantine = new SchemaContract(SchemaContract.Columns.FREEZE, SchemaContract.Rows.QUARANTINE);
        List<SourceFile> files = List.of(
                file("q1", "SELECT CASE WHEN range % 10 = 0 THEN NULL ELSE range END AS identifier FROM range(50)"),
                file("q2", "SELECT CASE WHEN range = 3 THEN NULL ELSE range + 100 END AS identifier FROM range(20)"));
        StagedTable first = store.createTable(GRAPH, TABLE, files, "loc", quarantine, new Cancellation());

        StagedTable again = store.createTable(GRAPH, TABLE, files, "loc2", quarantine, new Cancellation());

        assertThat(first.rowsQuarantined()).isEqualTo(6);
        // Kept as it was (no rebuild), so it answers what a rebuild would: the same rows kept aside.
        assertThat(again.summary().location()).contains("loc2");
        assertThat(again.rowsQuarantined()).isEqualTo(6);
        assertThat(again.rowsPerSourceFile()).isEqualTo(first.rowsPerSourceFile());
        assertThat(store.quarantine(GRAPH, TABLE, 100, 0).total()).isEqualTo(6);
    }

    private List<String> rows(String sql) throws SQLException {
        try (PooledConnection pooled = pool.acquire(GRAPH); Statement s = pooled.connection().createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    values.add(String.valueOf(rs.getObject(i)));
                }
                rows.add(String.join("|", values));
            }
            return rows;
        }
    }
}
