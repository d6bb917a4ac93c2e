package io.graphstaging.duckdb.table;

import static io.graphstaging.duckdb.sql.SqlText.identifier;
import static io.graphstaging.duckdb.sql.SqlText.literal;
import static io.graphstaging.duckdb.table.HiddenColumns.LIVE;
import static io.graphstaging.duckdb.table.HiddenColumns.SEQ;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphColumnTransfer;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ParquetExport;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.duckdb.pool.GraphPaths;
import io.graphstaging.duckdb.pool.PooledConnection;
import io.graphstaging.duckdb.sql.DuckDbErrors;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a table's visible rows to a Parquet file in the graph's export directory, named
 * {@code <table>-<uuid>.parquet}. A write that fails leaves no file behind; files of that name
 * that a killed process left are removed when the store starts.
 */
final class ParquetExporter {
    /** Where exports live, named by its setting for messages. */
    static final String EXPORT_DIRECTORY = "the export directory (DUCKDB_STAGING_DIR/exports)";
    private static final Logger LOG = LoggerFactory.getLogger(ParquetExporter.class);
    /** An export's name, or DuckDB's temporary name for it ({@code tmp_} prefix) while it is written. */
    private static final Pattern EXPORT_NAME = Pattern.compile(
            "(tmp_)?[A-Za-z0-9_-]{1,128}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.parquet");

    private final GraphPaths paths;

    ParquetExporter(GraphPaths paths) {
        this.paths = paths;
    }

    /**
     * Exports the visible rows, only these columns in this order, only the rows of
     * {@code onlyFiles} when it is not empty.
     *
     * @throws StagingException {@code SCHEMA_MISMATCH} for a column the table lacks,
     *         {@code STORAGE_FULL} when the export directory is full
     */
    ParquetExport export(PooledConnection pooled, GraphId graph, TableName table, List<String> columns,
                         Set<FileId> onlyFiles) {
        List<Column> visible = Transactions.read(pooled, "describing table " + table + " in graph " + graph,
                c -> StagingCatalog.visibleColumns(c, table));
        List<Column> chosen = new ArrayList<>();
        for (String name : columns) {
            Optional<Column> column = visible.stream()
                    .filter(v -> v.name().equals(name) && !v.name().equals(TableKind.FILE_ID)).findFirst();
            chosen.add(column.orElseThrow(() -> new StagingException(ErrorCode.SCHEMA_MISMATCH,
                    "Table " + table + " of graph " + graph + " has no column '" + name + "' to export")));
        }
        if (chosen.isEmpty()) {
            throw new StagingException(ErrorCode.INVALID_PARAMETER, "An export needs at least one column");
        }
        Path target = newFile(graph, table);
        String doing = "exporting table " + table + " of graph " + graph;
        try {
            long rows = copy(pooled.connection(), table, chosen, onlyFiles, target);
            return new DuckDbParquetExport(target, written(pooled.connection(), target), rows);
        } catch (SQLException e) {
            deletePartial(target, e);
            if (DuckDbErrors.isDatabaseInvalidated(e)) {
                pooled.discardDatabase();
            }
            if (DuckDbErrors.isDiskFull(e)) {
                throw DuckDbErrors.storageFull(EXPORT_DIRECTORY, doing, e);
            }
            throw DuckDbErrors.internal(doing, e);
        } catch (RuntimeException e) {
            deletePartial(target, e);
            throw e;
        }
    }

    private static long copy(Connection c, TableName table, List<Column> chosen, Set<FileId> onlyFiles, Path target)
            throws SQLException {
        StringBuilder where = new StringBuilder(LIVE);
        if (!onlyFiles.isEmpty()) {
            Set<String> keys = onlyFiles.stream().map(FileId::value).collect(Collectors.toSet());
            List<String> seqs = StagingCatalog.files(c, table).stream().filter(f -> keys.contains(f.key()))
                    .map(f -> Long.toString(f.seq())).toList();
            where.append(seqs.isEmpty() ? " AND false" : " AND " + SEQ + " IN (" + String.join(", ", seqs) + ")");
        }
        String select = chosen.stream().map(ParquetExporter::graphColumn).collect(Collectors.joining(", "));
        try (Statement s = c.createStatement()) {
            return s.executeLargeUpdate("COPY (SELECT " + select + " FROM " + RowSegments.rows(c, table)
                    + " WHERE " + where + ") TO " + literal(target.toString()) + " (FORMAT parquet)");
        }
    }

    /**
     * The file's columns as the graph reads them: a column that travels as text is VARCHAR there,
     * an ENUM its string, a fixed-size array a list, whatever its staged type.
     */
    private static List<Column> written(Connection c, Path file) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM read_parquet(?) LIMIT 0")) {
            ps.setString(1, file.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return StagingCatalog.columnsOf(rs.getMetaData());
            }
        }
    }

    /**
     * The select expression that writes one staged column into a Parquet file for the graph, as
     * {@link GraphColumnTransfer} says it travels: itself, its text, or its interval fields as
     * text ({@code "<months> months <days> days <micros> microseconds"}), under its own name.
     *
     * @throws StagingException {@code SCHEMA_MISMATCH} naming the column, its type and what to
     *         cast it to, when it cannot reach the graph exact
     */
    static String graphColumn(Column column) {
        String name = identifier(column.name());
        return switch (GraphColumnTransfer.of(column).carrier()) {
            case AS_STAGED -> name;
            case AS_TEXT -> "CAST(" + name + " AS VARCHAR) AS " + name;
            // datepart splits the months into years and months, the micros into hours, minutes
            // and the microseconds of the minute: exact sums, whatever the sign.
            case AS_INTERVAL_FIELDS -> "CAST(datepart('year', " + name + ") * 12 + datepart('month', " + name
                    + ") AS VARCHAR) || ' months ' || CAST(datepart('day', " + name + ") AS VARCHAR) || ' days ' || CAST("
                    + "datepart('hour', " + name + ") * 3600000000 + datepart('minute', " + name + ") * 60000000 + "
                    + "datepart('microsecond', " + name + ") AS VARCHAR) || ' microseconds' AS " + name;
        };
    }

    /**
     * A fresh path in the graph's export directory, named as exports are (so a killed process's
     * leftovers are removed at start).
     */
    Path newFile(GraphId graph, TableName table) {
        Path dir = paths.exports(graph);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StagingException(ErrorCode.STAGING_FAILED, "Cannot create the export directory of graph "
                    + graph + ": " + e.getClass().getSimpleName(), e);
        }
        return dir.resolve(table.value() + "-" + UUID.randomUUID() + ".parquet");
    }

    /** Removes what a failed export wrote; a failure to do so is attached to the export's own error. */
    private static void deletePartial(Path target, Exception failure) {
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Deletes the exports that a killed process left in every graph's export directory (only
     * files named as this class names them). Call before the store serves: no export of this
     * process is in flight then. Returns how many were deleted.
     */
    int removeLeftovers() {
        Path base = paths.exportBase();
        if (!Files.isDirectory(base)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> graphs = Files.newDirectoryStream(base, Files::isDirectory)) {
            for (Path graph : graphs) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(graph,
                        f -> Files.isRegularFile(f) && EXPORT_NAME.matcher(f.getFileName().toString()).matches())) {
                    for (Path file : files) {
                        Files.deleteIfExists(file);
                        removed++;
                    }
                }
            }
        } catch (IOException e) {
            throw new StagingException(ErrorCode.STAGING_FAILED, "Cannot remove leftover exports under "
                    + EXPORT_DIRECTORY + ": " + e.getClass().getSimpleName(), e);
        }
        if (removed > 0) {
            LOG.info("Removed {} export files left by a process that did not finish", removed);
        }
        return removed;
    }
}
