package io.graphstaging.ladybug.testing;

import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ParquetExport;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.core.model.TableSummary;
import io.graphstaging.core.port.StagingStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The part of {@link StagingStore} the graph sink uses (describe and export), on a real DuckDB
 * file: tables are built from SQL in the test, exports are real Parquet files written with
 * DuckDB {@code COPY ... TO}. The staging operations proper (create from files, append, dedupe)
 * belong to staging-duckdb and are not part of this fixture: they throw.
 */
public final class DuckDbExportFixture implements StagingStore, AutoCloseable {
    private final Connection duck;
    private final Path exportDir;
    private final AtomicInteger exports = new AtomicInteger();
    private final List<Path> exported = new ArrayList<>();
    private volatile Runnable beforeExport = () -> { };

    public DuckDbExportFixture(Path dir) {
        try {
            Files.createDirectories(dir.resolve("exports"));
            this.exportDir = dir.resolve("exports");
            this.duck = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("staging.duckdb"));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a staged table from a query; a {@code file_id} column marks each row's file. */
    public synchronized void stage(GraphId graph, TableName table, String select) {
        sql("CREATE OR REPLACE TABLE " + name(graph, table) + " AS " + select);
    }

    /** Runs {@code hook} at the start of every export (a test stops a materialize there). */
    public void beforeEachExport(Runnable hook) {
        beforeExport = hook;
    }

    /** Every export file written so far. */
    public synchronized List<Path> exportedFiles() {
        return List.copyOf(exported);
    }

    @Override
    public synchronized Optional<TableSchema> describeTable(GraphId graph, TableName table) {
        List<Column> columns = new ArrayList<>();
        try (Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '"
                     + name(graph, table) + "' ORDER BY ordinal_position")) {
            while (rs.next()) {
                columns.add(new Column(rs.getString(1), rs.getString(2)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        List<String> names = columns.stream().map(Column::name).toList();
        TableKind kind = names.contains(TableKind.IDENTIFIER) ? TableKind.NODE
                : names.contains(TableKind.SRC) && names.contains(TableKind.DST) ? TableKind.RELATIONSHIP : TableKind.PLAIN;
        return Optional.of(new TableSchema(graph, table, kind, columns));
    }

    @Override
    public synchronized ParquetExport exportParquet(GraphId graph, TableName table, List<String> columns, Set<FileId> onlyFiles) {
        beforeExport.run();
        Path path = exportDir.resolve(graph + "-" + table + "-" + exports.incrementAndGet() + ".parquet");
        String select = columns.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(", "));
        String where = onlyFiles.isEmpty() ? "" : " WHERE file_id IN ("
                + onlyFiles.stream().map(f -> "'" + f.value() + "'").collect(Collectors.joining(", ")) + ")";
        String query = "SELECT " + select + " FROM " + name(graph, table) + where;
        sql("COPY (" + query + ") TO '" + path + "' (FORMAT parquet)");
        exported.add(path);
        long rows;
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM (" + query + ")")) {
            rs.next();
            rows = rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        List<Column> written = describeTable(graph, table).orElseThrow().columns().stream()
                .filter(c -> columns.contains(c.name())).toList();
        return new ParquetExport() {
            @Override
            public Path path() {
                return path;
            }

            @Override
            public List<Column> columns() {
                return written;
            }

            @Override
            public long rowCount() {
                return rows;
            }

            @Override
            public void close() {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    private static String name(GraphId graph, TableName table) {
        return (graph + "__" + table).replace('-', '_');
    }

    private void sql(String sql) {
        try (Statement st = duck.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws SQLException {
        duck.close();
    }

    private static UnsupportedOperationException notInFixture() {
        return new UnsupportedOperationException("staging itself is staging-duckdb's; this fixture only exports");
    }

    @Override
    public StagedTable createTable(GraphId graph, TableName table, List<SourceFile> files, String location) {
        throw notInFixture();
    }

    @Override
    public StagedTable appendFiles(GraphId graph, TableName table, List<SourceFile> files) {
        throw notInFixture();
    }

    @Override
    public List<Column> readSchema(GraphId graph, SourceFile file) {
        throw notInFixture();
    }

    @Override
    public List<TableSummary> listTables(GraphId graph) {
        throw notInFixture();
    }

    @Override
    public boolean dropTable(GraphId graph, TableName table) {
        throw notInFixture();
    }

    @Override
    public long deleteFileRows(GraphId graph, TableName table, FileId fileId) {
        throw notInFixture();
    }
}
