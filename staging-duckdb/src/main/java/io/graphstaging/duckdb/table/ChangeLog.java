package io.graphstaging.duckdb.table;

import static io.graphstaging.duckdb.sql.SqlText.identifier;
import static io.graphstaging.duckdb.sql.SqlText.literal;
import static io.graphstaging.duckdb.table.HiddenColumns.LIVE;
import static io.graphstaging.duckdb.table.HiddenColumns.SEQ;

import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableShape;
import io.graphstaging.duckdb.sql.StagingSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What each version of a staging table changed: a hidden table {@code _staging."changes:<t>"},
 * written in the same transaction as the append or delete it describes, one entry per key whose
 * visible row that mutation made, changed or unmade, so its cost follows the change. Each entry
 * keeps the key's visible row as it was just before the mutation, its <em>before image</em>
 * ({@code __gs_version}, {@code __gs_had}: whether the key had a visible row, then the table's
 * visible columns, NULL when it had none). Of the changes after a position, a key's first entry
 * thus holds its visible row at that position: what a graph table synced exactly to that
 * position holds for it. The rows of a deleted file are gone from the table, which is why the
 * log keeps values and not row references. A create starts it empty (a new generation). Tables
 * without a key (which the graph cannot take) keep none.
 *
 * <p>The log follows the table's shape: a column the table gains is added to it (reading NULL
 * in earlier images, as the table holds it for rows staged before it), a widened column is
 * widened in it.
 *
 * <p>Entries no reader needs any more are pruned ({@link #pruneThrough}); how far back the log
 * still reaches is its floor, {@code _staging."changes_floor:<t>"}: the log holds every change
 * after the floor's version and none at or before it. No floor row means it reaches back to the
 * generation's start. A log created by a later change (a table staged before change tracking,
 * or one whose log kept keys only, {@code version} and the key columns, which is replaced)
 * starts with its floor just below that change.
 */
final class ChangeLog {
    private ChangeLog() {}

    /** The version that made the change. */
    static final String VERSION = "__gs_version";
    /** Whether the key had a visible row before the change (its before image). */
    static final String HAD = "__gs_had";
    private static final String KEYS_ONLY_VERSION = "version";
    private static final String KIND = "changes";
    private static final String FLOOR = "changes_floor";

    static String table(TableName table) {
        return StagingCatalog.hiddenTable(KIND, table);
    }

    private static String floorTable(TableName table) {
        return StagingCatalog.hiddenTable(FLOOR, table);
    }

    /** Starts the log empty, with the table's visible columns as its last row segment declares them. */
    static void start(Connection c, TableName table, TableShape layout) throws SQLException {
        drop(c, table);
        if (!layout.keyColumns().isEmpty()) {
            create(c, table, layout);
        }
    }

    /**
     * Brings the log to the table's shape {@code layout}: columns the table gained are added,
     * widened ones widened. Called first in a transaction that changes the shape, before it writes
     * rows (the engine alters a table only before that). A log that is missing or keeps keys only
     * is started afresh, reaching back to just below {@code version}.
     */
    static void follow(Connection c, TableName table, TableShape layout, long version) throws SQLException {
        if (layout.keyColumns().isEmpty()) {
            return;
        }
        Map<String, String> logTypes = columnTypes(c, table);
        if (!logTypes.containsKey(VERSION)) {
            restart(c, table, layout, version);
            return;
        }
        Map<String, String> types = ColumnChanges.declaredTypes(c, RowSegments.last(c, table));
        try (Statement s = c.createStatement()) {
            for (Column column : layout.columns()) {
                String type = types.get(column.name());
                String logged = logTypes.get(column.name());
                if (logged == null) {
                    s.execute("ALTER TABLE " + table(table) + " ADD COLUMN " + identifier(column.name()) + " " + type);
                } else if (!logged.equals(type)) {
                    s.execute("ALTER TABLE " + table(table) + " ALTER COLUMN " + identifier(column.name())
                            + " SET DATA TYPE " + type);
                }
            }
        }
    }

    /**
     * Logs, as changed by {@code version}, the keys of {@code rowsSelect} (a SELECT of the
     * table's visible columns: live rows about to stop being visible) with those rows as their
     * before images. Keys already logged for {@code version} keep their entry (the earlier one
     * is the row before the mutation).
     */
    static void recordRemoved(Connection c, TableName table, TableShape layout, long version, String rowsSelect)
            throws SQLException {
        if (layout.keyColumns().isEmpty()) {
            return;
        }
        ensure(c, table, layout, version);
        String columns = columnList(layout, "r.");
        execute(c, "INSERT INTO " + table(table) + " (" + VERSION + ", " + HAD + ", " + columnList(layout, "") + ") SELECT "
                + version + ", true, " + columns + " FROM (" + rowsSelect + ") AS r" + notLoggedAt(table, layout, version, "r"));
    }

    /**
     * Logs, as changed by {@code version}, the keys of the rows staged from {@code firstSeq} on,
     * each with the visible row of an earlier file as its before image (or none). Runs before
     * those earlier rows are superseded. Keys already logged for {@code version} keep their entry.
     */
    static void recordAppended(Connection c, TableName table, TableShape layout, long version, long firstSeq)
            throws SQLException {
        if (layout.keyColumns().isEmpty()) {
            return;
        }
        ensure(c, table, layout, version);
        List<String> keys = layout.keyColumns();
        String keyList = keys.stream().map(k -> identifier(k)).collect(Collectors.joining(", "));
        String on = keys.stream().map(k -> "n." + identifier(k) + " = o." + identifier(k)).collect(Collectors.joining(" AND "));
        String values = layout.columns().stream().map(col -> (keys.contains(col.name()) ? "n." : "o.")
                + identifier(col.name())).collect(Collectors.joining(", "));
        execute(c, "INSERT INTO " + table(table) + " (" + VERSION + ", " + HAD + ", " + columnList(layout, "") + ") SELECT "
                + version + ", o.__gs_was IS NOT NULL, " + values + " FROM (SELECT DISTINCT " + keyList + " FROM "
                + RowSegments.last(c, table) + " WHERE " + SEQ + " >= " + firstSeq + ") AS n LEFT JOIN (SELECT "
                + columnList(layout, "") + ", true AS __gs_was FROM " + RowSegments.rows(c, table) + " WHERE " + LIVE
                + " AND " + SEQ + " < " + firstSeq + ") AS o ON " + on + notLoggedAt(table, layout, version, "n"));
    }

    /** {@code WHERE} the key of {@code alias} has no entry of {@code version} yet. */
    private static String notLoggedAt(TableName table, TableShape layout, long version, String alias) {
        String same = layout.keyColumns().stream().map(k -> "l." + identifier(k) + " = " + alias + "." + identifier(k))
                .collect(Collectors.joining(" AND "));
        return " WHERE NOT EXISTS (SELECT 1 FROM " + table(table) + " AS l WHERE l." + VERSION + " = " + version
                + " AND " + same + ")";
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

    /** Whether the log holds every change after {@code version} with its before image. */
    static boolean keepsRowsSince(Connection c, TableName table, long version) throws SQLException {
        return keepsRows(c, table) && floor(c, table) <= version;
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
            long deleted = s.executeLargeUpdate("DELETE FROM " + table(table) + " WHERE " + versionColumn(c, table) + " <= "
                    + version);
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
        return StagingCatalog.hiddenTableExists(c, KIND, table);
    }

    /** Whether the table has a log that keeps before images (not one of keys only). */
    private static boolean keepsRows(Connection c, TableName table) throws SQLException {
        return columnTypes(c, table).containsKey(VERSION);
    }

    /** Writes the distinct keys touched after {@code version} to {@code target}; returns how many. */
    static long exportSince(Connection c, TableName table, List<String> keyColumns, long version, Path target)
            throws SQLException {
        String keys = keyColumns.stream().map(k -> identifier(k)).collect(Collectors.joining(", "));
        try (Statement s = c.createStatement()) {
            return s.executeLargeUpdate("COPY (SELECT DISTINCT " + keys + " FROM " + table(table) + " WHERE "
                    + versionColumn(c, table) + " > " + version + ") TO " + literal(target.toString()) + " (FORMAT parquet)");
        }
    }

    /**
     * A SELECT of each key changed after {@code version} with its first entry since: {@link #HAD}
     * and the key's visible row as of {@code version}. Only for a log that {@link #keepsRowsSince}.
     */
    static String firstEntriesSince(TableName table, List<String> keyColumns, long version) {
        String keys = keyColumns.stream().map(k -> identifier(k)).collect(Collectors.joining(", "));
        return "SELECT * FROM " + table(table) + " WHERE " + VERSION + " > " + version + " QUALIFY row_number() OVER"
                + " (PARTITION BY " + keys + " ORDER BY " + VERSION + ") = 1";
    }

    /** The log's columns with their declared types; empty when there is no log. */
    static Map<String, String> columnTypes(Connection c, TableName table) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type FROM duckdb_columns()"
                + " WHERE schema_name = ? AND lower(table_name) = lower(?)")) {
            ps.setString(1, StagingSchema.NAME);
            ps.setString(2, KIND + ":" + table.value());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return types;
    }

    private static String versionColumn(Connection c, TableName table) throws SQLException {
        return keepsRows(c, table) ? VERSION : KEYS_ONLY_VERSION;
    }

    /** A log that can take the next entries: one missing or keeping keys only starts afresh. */
    private static void ensure(Connection c, TableName table, TableShape layout, long version) throws SQLException {
        if (!keepsRows(c, table)) {
            restart(c, table, layout, version);
        }
    }

    /** A new, empty log that knows nothing before {@code version}. */
    private static void restart(Connection c, TableName table, TableShape layout, long version) throws SQLException {
        drop(c, table);
        create(c, table, layout);
        try (Statement s = c.createStatement()) {
            setFloor(s, table, version - 1);
        }
    }

    // Declared column by column, not CREATE TABLE AS ... LIMIT 0 (see ColumnChanges: such a table
    // filled in the same transaction may keep empty statistics the optimizer trusts).
    private static void create(Connection c, TableName table, TableShape layout) throws SQLException {
        Map<String, String> types = ColumnChanges.declaredTypes(c, RowSegments.last(c, table));
        List<String> definitions = new ArrayList<>(List.of(VERSION + " BIGINT", HAD + " BOOLEAN"));
        for (Column column : layout.columns()) {
            definitions.add(identifier(column.name()) + " " + types.get(column.name()));
        }
        execute(c, "CREATE TABLE " + table(table) + " (" + String.join(", ", definitions) + ")");
    }

    private static String columnList(TableShape layout, String alias) {
        return layout.columns().stream().map(col -> alias + identifier(col.name())).collect(Collectors.joining(", "));
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
