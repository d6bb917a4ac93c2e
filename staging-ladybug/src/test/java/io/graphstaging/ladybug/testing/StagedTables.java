package io.graphstaging.ladybug.testing;

import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.core.port.GraphSink;
import io.graphstaging.core.sync.GraphTarget;
import io.graphstaging.core.sync.GraphWrite;
import io.graphstaging.core.sync.GraphWriteResult;
import io.graphstaging.core.sync.ParquetFile;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Staged tables for the graph sink's tests, in a real DuckDB file: built from SQL, described as
 * staging describes them, and written to real Parquet files ({@code COPY ... TO}) in the
 * columns and order a {@link GraphTarget} asks for. {@link #load} drives one whole-table insert
 * through the sink's API as a materialize does: {@code target}, then {@code write}.
 */
public final class StagedTables implements AutoCloseable {
    private final Connection duck;
    private final Path exportDir;
    private final AtomicInteger exports = new AtomicInteger();

    public StagedTables(Path dir) {
        try {
            this.exportDir = Files.createDirectories(dir.resolve("exports"));
            this.duck = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("staging.duckdb"));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates (or replaces) a staged table from a query; a {@code file_id} column marks each row's file. */
    public synchronized void stage(GraphId graph, TableName table, String select) {
        sql("CREATE OR REPLACE TABLE " + name(graph, table) + " AS " + select);
    }

    /** The staged table's schema, its kind told by its key columns as staging tells it. */
    public synchronized TableSchema schema(GraphId graph, TableName table) {
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
            throw new IllegalArgumentException("No staged table " + table + " of graph " + graph);
        }
        List<String> names = columns.stream().map(Column::name).toList();
        TableKind kind = names.contains(TableKind.IDENTIFIER) ? TableKind.NODE
                : names.contains(TableKind.SRC) && names.contains(TableKind.DST) ? TableKind.RELATIONSHIP : TableKind.PLAIN;
        return new TableSchema(graph, table, kind, columns);
    }

    /** Every staged row of the table, in the target's columns and order; the caller closes (deletes) it. */
    public synchronized ParquetFile export(GraphId graph, TableName table, GraphTarget target) {
        Path path = exportDir.resolve(name(graph, table) + "-" + exports.incrementAndGet() + ".parquet");
        String select = target.columns().stream().map(c -> "\"" + c.name() + "\"").collect(Collectors.joining(", "));
        String query = "SELECT " + select + " FROM " + name(graph, table);
        sql("COPY (" + query + ") TO '" + path + "' (FORMAT parquet)");
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + name(graph, table))) {
            rs.next();
            return new ParquetFile(path, rs.getLong(1), target.columns());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file of no rows that is never read (the sink skips empty updates and removals). */
    public ParquetFile none(GraphTarget target) {
        return new ParquetFile(exportDir.resolve("none-" + exports.incrementAndGet() + ".parquet"), 0, target.columns());
    }

    /** Inserts every staged row of the table into its graph table (created when missing), strictly. */
    public GraphWriteResult load(GraphSink sink, GraphId graph, TableName table) {
        return load(sink, graph, table, Optional.empty(), Optional.empty(), false);
    }

    /** {@link #load(GraphSink, GraphId, TableName)} of a relationship table between the given node tables. */
    public GraphWriteResult load(GraphSink sink, GraphId graph, TableName table, Optional<TableName> from,
                                 Optional<TableName> to, boolean ignoreErrors) {
        GraphTarget target = sink.target(graph, schema(graph, table), from, to, Optional.empty());
        try (ParquetFile inserts = export(graph, table, target)) {
            return sink.write(graph, target, new GraphWrite(inserts, none(target), none(target), false, false,
                    ignoreErrors, Optional.empty()));
        }
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
}
