package io.graphstaging.duckdb.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphColumnTransfer;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.ParquetExport;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.model.TableName;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
 * {@link ParquetExport#columns()} of the DuckDB store's export: the types the graph reads from the
 * file (text for what travels as text), not the staged ones.
 */
class DuckDbParquetExportColumnsTest {
    private static final GraphId GRAPH = GraphId.of("g");
    private static final TableName TABLE = TableName.of("facts");

    @TempDir
    Path dir;
    private DuckDbConnectionPool pool;
    private DuckDbStagingStore store;

    @BeforeEach
    void open() {
        DuckDbConfig defaults = DuckDbConfig.defaults(dir);
        pool = new DuckDbConnectionPool(defaults.withThreads(1), new SpoolDirectory(dir.resolve("spool")), Clock.systemUTC());
        store = new DuckDbStagingStore(pool);
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void columnsAreTheTypesTheGraphReadsFromTheFile() throws Exception {
        Path spool = pool.paths().spool(GRAPH);
        Files.createDirectories(spool);
        Path source = spool.resolve("facts.parquet");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            st.execute("COPY (SELECT 1::BIGINT AS identifier, 12.50::DECIMAL(18, 2) AS amount, 0.5::DECIMAL(38, 10) AS rate, "
                    + "INTERVAL '1 day' AS took, 'a'::ENUM('a', 'b') AS kind, 1.5::DOUBLE AS w, [1, 2, 3]::INTEGER[3] AS arr, "
                    + "TIMESTAMP '2024-01-02 03:04:05' AS at) TO '" + source + "' (FORMAT parquet)");
        }
        store.createTable(GRAPH, TABLE, List.of(new SourceFile(ObjectUri.parse("s3://bucket/facts.parquet"), source, Optional.empty())),
                "s3://bucket/facts.parquet");
        List<String> names = List.of("identifier", "amount", "rate", "took", "kind", "w", "arr", "at");
        List<Column> staged = names.stream().map(name -> store.describeTable(GRAPH, TABLE).orElseThrow().columns().stream()
                .filter(c -> c.name().equals(name)).findFirst().orElseThrow()).toList();
        assertThat(staged).extracting(Column::type).as("staged").contains("DECIMAL(18,2)", "INTERVAL");

        try (ParquetExport export = store.exportParquet(GRAPH, TABLE, names, Set.of())) {
            assertThat(export.columns()).containsExactly(new Column("identifier", "BIGINT"), new Column("amount", "VARCHAR"),
                    new Column("rate", "VARCHAR"), new Column("took", "VARCHAR"), new Column("kind", "VARCHAR"),
                    new Column("w", "DOUBLE"), new Column("arr", "INTEGER[]"), new Column("at", "TIMESTAMP"));
            assertThat(export.columns()).as("what the file holds").isEqualTo(fileColumns(export.path()));
            // The graph column each fills is the transfer's type of the staged column.
            assertThat(staged.stream().map(c -> GraphColumnTransfer.of(c).graphType()).toList()).containsExactly("INT64",
                    "DECIMAL(18, 2)", "DECIMAL(38, 10)", "INTERVAL", "STRING", "DOUBLE", "INT32[]", "TIMESTAMP");
        }
    }

    private static List<Column> fileColumns(Path file) throws SQLException {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM '" + file + "'")) {
            List<Column> columns = new ArrayList<>();
            while (rs.next()) {
                columns.add(new Column(rs.getString("column_name"), rs.getString("column_type")));
            }
            return columns;
        }
    }
}
