package io.graphstaging.duckdb.table;

import static io.graphstaging.duckdb.sql.SqlText.identifier;
import static io.graphstaging.duckdb.sql.SqlText.literal;

import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableShape;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which keys each version of a staging table touched: a hidden table {@code _staging."changes:<t>"}
 * of {@code (version, <key columns>)}, written in the same transaction as the append or delete
 * it describes, one row per key that mutation made, changed or unmade visible, so its cost
 * follows the change. A create starts it empty (a new generation). Tables without a key (which
 * the graph cannot take) keep none.
 *
 * <p>Entries no reader needs any more are pruned ({@link #pruneThrough}); how far back the log
 * still reaches is its floor, {@code _staging."changes_floor:<t>"}: the log holds every change
 * after the floor's version and none at or before it. No floor row means it reaches back to the
 * generation's start. A log created by a later change (a table staged before change tracking)
 * starts with its floor just below that change.
 */
final class ChangeLog {
    private ChangeLog() {}

    private static final String FLOOR = "changes_floor";

    static String table(TableName table) {
        return StagingCatalog.hiddenTable("changes", table);
    }

    private static String floorTable(TableName table) {
        return StagingCatalog.hiddenTable(FLOOR, table);
    }

    /** Starts the log empty, with the key columns' types of the table's rows. */
    static void start(Connection c, TableName table, TableShape layout) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table(table));
            s.execute("DROP TABLE IF EXISTS " + floorTable(table));
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
        boolean existed = exists(c, table);
        try (Statement s = c.createStatement()) {
            if (!existed) {
                // A table staged before change tracking gets its log with its first change, and
                // the log does not know what came before it.
                s.execute(createStatement(table, layout));
                setFloor(s, table, version - 1);
            }
            s.execute("INSERT INTO " + table(table) + " SELECT DISTINCT " + version + ", " + keys(layout) + " FROM ("
                    + keysSelect + ")");
        }
    }

    static void drop(Connection c, TableName table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table(table));
            s.execute("DROP TABLE IF EXISTS " + floorTable(table));
        }
    }

    /**
     * Whether the log holds every change after {@code version}: it exists and was not pruned
     * past it.
     */
    static boolean reachesBack(Connection c, TableName table, long version) throws SQLException {
        return exists(c, table) && floor(c, table) <= version;
    }

    /** The version at and before which the log holds nothing any more; -1 when it was never pruned. */
    static long floor(Connection c, TableName table) throws SQLException {
        if (!StagingCatalog.hiddenTableExists(c, FLOOR, table)) {
            return -1;
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT max(version) FROM " + floorTable(table))) {
            rs.next();
            long floor = rs.getLong(1);
            return rs.wasNull() ? -1 : floor;
        }
    }

    /**
     * Deletes the entries of {@code version} and before (no reader asks for changes since an
     * earlier version any more) and raises the floor to it; returns the entries deleted. A
     * version at or below the floor deletes nothing.
     */
    static long pruneThrough(Connection c, TableName table, long version) throws SQLException {
        if (!exists(c, table) || version <= floor(c, table)) {
            return 0;
        }
        try (Statement s = c.createStatement()) {
            long deleted = s.executeLargeUpdate("DELETE FROM " + table(table) + " WHERE version <= " + version);
            setFloor(s, table, version);
            return deleted;
        }
    }

    /** Entries in the log (for tests and status). */
    static long size(Connection c, TableName table) throws SQLException {
        if (!exists(c, table)) {
            return 0;
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void setFloor(Statement s, TableName table, long version) throws SQLException {
        s.execute("CREATE TABLE IF NOT EXISTS " + floorTable(table) + " (version BIGINT)");
        s.execute("DELETE FROM " + floorTable(table));
        s.execute("INSERT INTO " + floorTable(table) + " VALUES (" + version + ")");
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
