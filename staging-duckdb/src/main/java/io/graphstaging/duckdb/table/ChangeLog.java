package io.graphstaging.duckdb.table;

import static io.graphstaging.duckdb.sql.SqlText.identifier;
import static io.graphstaging.duckdb.sql.SqlText.literal;

import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableShape;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which keys each version of a staging table touched: a hidden table {@code _staging."changes:<t>"}
 * of {@code (version, <key columns>)}, written in the same transaction as the append or delete
 * it describes, one row per key that mutation made, changed or unmade visible, so its cost
 * follows the change. A create starts it empty (a new generation); it is never pruned within a
 * generation. Tables without a key (which the graph cannot take) keep none.
 */
final class ChangeLog {
    private ChangeLog() {}

    static String table(TableName table) {
        return StagingCatalog.hiddenTable("changes", table);
    }

    /** Starts the log empty, with the key columns' types of the table's rows. */
    static void start(Connection c, TableName table, TableShape layout) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table(table));
            if (!layout.keyColumns().isEmpty()) {
                s.execute(createStatement(table, layout));
            }
        }
    }

    /** Logs, as touched by {@code version}, the distinct keys of {@code keysSelect} (a SELECT of the key columns). */
    static void record(Connection c, TableName table, TableShape layout, long version, String keysSelect)
            throws SQLException {
        if (layout.keyColumns().isEmpty()) {
            return;
        }
        try (Statement s = c.createStatement()) {
            // A table staged before change tracking gets its log with its first change.
            s.execute(createStatement(table, layout).replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"));
            s.execute("INSERT INTO " + table(table) + " SELECT DISTINCT " + version + ", " + keys(layout) + " FROM ("
                    + keysSelect + ")");
        }
    }

    static void drop(Connection c, TableName table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table(table));
        }
    }

    /** Whether the table has a log (one staged before change tracking has none until it changes). */
    static boolean exists(Connection c, TableName table) throws SQLException {
        return StagingCatalog.hiddenTableExists(c, "changes", table);
    }

    /** Writes the distinct keys touched after {@code version} to {@code target}; returns how many. */
    static long exportSince(Connection c, TableName table, List<String> keyColumns, long version, Path target)
            throws SQLException {
        String keys = keyColumns.stream().map(k -> identifier(k)).collect(Collectors.joining(", "));
        try (Statement s = c.createStatement()) {
            return s.executeLargeUpdate("COPY (SELECT DISTINCT " + keys + " FROM " + table(table) + " WHERE version > "
                    + version + ") TO " + literal(target.toString()) + " (FORMAT parquet)");
        }
    }

    private static String createStatement(TableName table, TableShape layout) {
        return "CREATE TABLE " + table(table) + " AS SELECT 0::BIGINT AS version, " + keys(layout) + " FROM "
                + StagingCatalog.rawTable(table) + " LIMIT 0";
    }

    private static String keys(TableShape layout) {
        return layout.keyColumns().stream().map(k -> identifier(k)).collect(Collectors.joining(", "));
    }
}
