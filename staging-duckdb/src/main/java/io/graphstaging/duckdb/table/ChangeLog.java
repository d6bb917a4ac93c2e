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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which keys each version of a staging table touched, and the rows they had before: written in
 * the same transaction as the append or delete it describes, so its cost follows the change.
 *
 * <ul>
 *   <li>{@code _staging."changes:<t>"} of {@code (version, <key columns>)}: one row per key whose
 *       visible row that mutation made, changed or unmade.</li>
 *   <li>{@code _staging."before:<t>"} of {@code (__gs_version, <visible columns>)}: for each of
 *       those keys that had a visible row just before the mutation, that row, its <em>before
 *       image</em> (a key new to the table has none: an append of new keys writes no more than
 *       before). A key logged twice in one version keeps its first image, the row before the
 *       mutation.</li>
 * </ul>
 *
 * Of the changes after a position, a key's first version holds its visible row at that position
 * in its image, or no image when it had none: what a graph table synced exactly to that position
 * holds for it ({@link #firstEntriesSince}). The rows of a deleted file are gone from the table,
 * which is why images keep values, not row references. The images follow the table's shape: a
 * column the table gains is added (NULL in earlier images, as in the table's older rows), a
 * widened one widened. A create starts both empty (a new generation). Tables without a key
 * (which the graph cannot take) keep none.
 *
 * <p>Entries no reader needs any more are pruned ({@link #pruneThrough}); how far back the log
 * still reaches is its floor, {@code _staging."changes_floor:<t>"}: the log holds every change
 * after the floor's version and none at or before it. No floor row means it reaches back to the
 * generation's start. A log created by a later change (a table staged before change tracking)
 * starts with its floor just below that change; so do images created by a later change (a table
 * staged before they were kept), with their own floor {@code _staging."before_floor:<t>"}.
 */
final class ChangeLog {
    private ChangeLog() {}

    /** In a first entry: whether the key had a visible row at the position (its image is there). */
    static final String HAD = "__gs_had";
    /** The version of an image. */
    private static final String VERSION = "__gs_version";
    private static final String KIND = "changes";
    private static final String FLOOR = "changes_floor";
    private static final String IMAGES = "before";
    private static final String IMAGES_FLOOR = "before_floor";

    static String table(TableName table) {
        return StagingCatalog.hiddenTable(KIND, table);
    }

    private static String images(TableName table) {
        return StagingCatalog.hiddenTable(IMAGES, table);
    }

    /** Starts the log and its images empty. */
    static void start(Connection c, TableName table, TableShape layout) throws SQLException {
        drop(c, table);
        if (!layout.keyColumns().isEmpty()) {
            execute(c, createStatement(c, table, layout));
            createImages(c, table, layout);
        }
    }

    /**
     * Brings the images to the table's shape {@code layout}: columns the table gained are added,
     * widened ones widened. Called first in a transaction that changes the shape, before it writes
     * rows (the engine alters a table only before that).
     */
    static void follow(Connection c, TableName table, TableShape layout) throws SQLException {
        Map<String, String> logged = imageColumns(c, table);
        if (layout.keyColumns().isEmpty() || logged.isEmpty()) {
            return; // no images yet: the next change creates them with the whole shape
        }
        Map<String, String> types = ColumnChanges.declaredTypes(c, RowSegments.last(c, table));
        try (Statement s = c.createStatement()) {
            for (Column column : layout.columns()) {
                String type = types.get(column.name());
                String was = logged.get(column.name());
                if (was == null) {
                    s.execute("ALTER TABLE " + images(table) + " ADD COLUMN " + identifier(column.name()) + " " + type);
                } else if (!was.equals(type)) {
                    s.execute("ALTER TABLE " + images(table) + " ALTER COLUMN " + identifier(column.name())
                            + " SET DATA TYPE " + type);
                }
            }
        }
    }

    /**
     * Logs, as touched by {@code version}, the keys of {@code rowsSelect} (a SELECT of the
     * table's visible columns: live rows about to stop being visible), with those rows as their
     * images.
     */
    static void recordRemoved(Connection c, TableName table, TableShape layout, long version, String rowsSelect)
            throws SQLException {
        if (layout.keyColumns().isEmpty()) {
            return;
        }
        record(c, table, layout, version, "SELECT " + keys(layout) + " FROM (" + rowsSelect + ")");
        execute(c, "INSERT INTO " + images(table) + " (" + VERSION + ", " + columnList(layout, "") + ") SELECT " + version
                + ", " + columnList(layout, "r.") + " FROM (" + rowsSelect + ") AS r" + notImagedAt(table, layout, version, "r"));
    }

    /**
     * Logs, as touched by {@code version}, the keys of the rows staged from {@code firstSeq} on,
     * with the visible rows of earlier files they outdate as images. Runs before those rows are
     * superseded.
     */
    static void recordAppended(Connection c, TableName table, TableShape layout, long version, long firstSeq)
            throws SQLException {
        if (layout.keyColumns().isEmpty()) {
            return;
        }
        String keyList = keys(layout);
        record(c, table, layout, version, "SELECT " + keyList + " FROM " + RowSegments.last(c, table) + " WHERE " + SEQ
                + " >= " + firstSeq);
        String on = layout.keyColumns().stream().map(k -> "n." + identifier(k) + " = o." + identifier(k))
                .collect(Collectors.joining(" AND "));
        // The keys just logged, read back from the log (distinct there) rather than found among the
        // appended rows a second time. Keys a removal of this version logged come along: they have
        // their image of this version already, which notImagedAt keeps.
        execute(c, "INSERT INTO " + images(table) + " (" + VERSION + ", " + columnList(layout, "") + ") SELECT " + version
                + ", " + columnList(layout, "o.") + " FROM (SELECT " + keyList + " FROM " + table(table) + " WHERE version = "
                + version + ") AS n JOIN (SELECT " + columnList(layout, "") + " FROM " + RowSegments.rows(c, table) + " WHERE "
                + LIVE + " AND " + SEQ + " < " + firstSeq + ") AS o ON " + on + notImagedAt(table, layout, version, "o"));
    }

    /** Logs, as touched by {@code version}, the distinct keys of {@code keysSelect} (a SELECT of the key columns). */
    private static void record(Connection c, TableName table, TableShape layout, long version, String keysSelect)
            throws SQLException {
        try (Statement s = c.createStatement()) {
            Set<String> present = hiddenTables(c, table);
            if (!present.contains(KIND)) {
                // A table staged before change tracking gets its log with its first change, and
                // the log does not know what came before it.
                s.execute(createStatement(c, table, layout));
                setFloor(s, FLOOR, table, version - 1);
            }
            if (!present.contains(IMAGES)) {
                // Nor do images created by a later change (a table staged before they were kept).
                createImages(c, table, layout);
                setFloor(s, IMAGES_FLOOR, table, version - 1);
            }
            s.execute("INSERT INTO " + table(table) + " SELECT DISTINCT " + version + ", " + keys(layout) + " FROM ("
                    + keysSelect + ")");
        }
    }

    /** Which of the log ({@link #KIND}) and its images ({@link #IMAGES}) exist: one catalog read for both. */
    private static Set<String> hiddenTables(Connection c, TableName table) throws SQLException {
        Set<String> present = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT lower(table_name) FROM duckdb_tables()"
                + " WHERE schema_name = ? AND lower(table_name) IN (lower(?), lower(?))")) {
            ps.setString(1, StagingSchema.NAME);
            ps.setString(2, KIND + ":" + table.value());
            ps.setString(3, IMAGES + ":" + table.value());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    present.add(rs.getString(1).substring(0, rs.getString(1).indexOf(':')));
                }
            }
        }
        return present;
    }

    /** {@code WHERE} the key of {@code alias} has no image of {@code version} yet. */
    private static String notImagedAt(TableName table, TableShape layout, long version, String alias) {
        String same = layout.keyColumns().stream().map(k -> "i." + identifier(k) + " = " + alias + "." + identifier(k))
                .collect(Collectors.joining(" AND "));
        return " WHERE NOT EXISTS (SELECT 1 FROM " + images(table) + " AS i WHERE i." + VERSION + " = " + version + " AND "
                + same + ")";
    }

    static void drop(Connection c, TableName table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table(table));
            s.execute("DROP TABLE IF EXISTS " + StagingCatalog.hiddenTable(FLOOR, table));
            s.execute("DROP TABLE IF EXISTS " + images(table));
            s.execute("DROP TABLE IF EXISTS " + StagingCatalog.hiddenTable(IMAGES_FLOOR, table));
        }
    }

    /**
     * Whether the log holds every change after {@code version}: it exists and was not pruned
     * past it.
     */
    static boolean reachesBack(Connection c, TableName table, long version) throws SQLException {
        return exists(c, table) && floor(c, FLOOR, table) <= version;
    }

    /** Whether the log holds every change after {@code version} with its image. */
    static boolean keepsRowsSince(Connection c, TableName table, long version) throws SQLException {
        return reachesBack(c, table, version) && !imageColumns(c, table).isEmpty()
                && floor(c, IMAGES_FLOOR, table) <= version;
    }

    /** The version at and before which the log holds nothing any more; -1 when it was never pruned. */
    static long floor(Connection c, TableName table) throws SQLException {
        return floor(c, FLOOR, table);
    }

    private static long floor(Connection c, String kind, TableName table) throws SQLException {
        if (!StagingCatalog.hiddenTableExists(c, kind, table)) {
            return -1;
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT max(version) FROM " + StagingCatalog.hiddenTable(kind, table))) {
            rs.next();
            long floor = rs.getLong(1);
            return rs.wasNull() ? -1 : floor;
        }
    }

    /**
     * Deletes the entries and images of {@code version} and before (no reader asks for changes
     * since an earlier version any more) and raises the floor to it; returns the entries deleted.
     * A version at or below the floor deletes nothing.
     */
    static long pruneThrough(Connection c, TableName table, long version) throws SQLException {
        if (!exists(c, table) || version <= floor(c, FLOOR, table)) {
            return 0;
        }
        try (Statement s = c.createStatement()) {
            long deleted = s.executeLargeUpdate("DELETE FROM " + table(table) + " WHERE version <= " + version);
            setFloor(s, FLOOR, table, version);
            if (!imageColumns(c, table).isEmpty()) {
                s.executeLargeUpdate("DELETE FROM " + images(table) + " WHERE " + VERSION + " <= " + version);
            }
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

    private static void setFloor(Statement s, String kind, TableName table, long version) throws SQLException {
        String floor = StagingCatalog.hiddenTable(kind, table);
        s.execute("CREATE TABLE IF NOT EXISTS " + floor + " (version BIGINT)");
        s.execute("DELETE FROM " + floor);
        s.execute("INSERT INTO " + floor + " VALUES (" + version + ")");
    }

    /** Whether the table has a log (one staged before change tracking has none until it changes). */
    static boolean exists(Connection c, TableName table) throws SQLException {
        return StagingCatalog.hiddenTableExists(c, KIND, table);
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

    /**
     * A SELECT of each key touched after {@code version}, with {@link #HAD} and the image of its
     * first version since: its visible row as of {@code version} (NULLs when it had none). Columns:
     * the key columns, then the images' other columns, then {@link #HAD}. Only for a log that
     * {@link #keepsRowsSince} {@code version}.
     */
    static String firstEntriesSince(Connection c, TableName table, List<String> keyColumns, long version)
            throws SQLException {
        String keys = keyColumns.stream().map(k -> identifier(k)).collect(Collectors.joining(", "));
        String on = keyColumns.stream().map(k -> "i." + identifier(k) + " = f." + identifier(k))
                .collect(Collectors.joining(" AND "));
        String values = imageColumns(c, table).keySet().stream()
                .filter(col -> !col.equals(VERSION) && !keyColumns.contains(col))
                .map(col -> ", i." + identifier(col)).collect(Collectors.joining());
        return "SELECT " + keyColumns.stream().map(k -> "f." + identifier(k)).collect(Collectors.joining(", ")) + values
                + ", i." + VERSION + " IS NOT NULL AS " + HAD + " FROM (SELECT " + keys + ", min(version) AS __gs_first FROM "
                + table(table) + " WHERE version > " + version + " GROUP BY " + keys + ") AS f LEFT JOIN " + images(table)
                + " AS i ON i." + VERSION + " = f.__gs_first AND " + on;
    }

    /** The images' columns with their declared types; empty when the table keeps no images. */
    static Map<String, String> imageColumns(Connection c, TableName table) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type FROM duckdb_columns()"
                + " WHERE schema_name = ? AND lower(table_name) = lower(?)")) {
            ps.setString(1, StagingSchema.NAME);
            ps.setString(2, IMAGES + ":" + table.value());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return types;
    }

    // Declared, as the images are (createImages): an append reads the entries it just logged back
    // in the same transaction, which a CREATE TABLE AS ... LIMIT 0 table could answer from empty statistics.
    private static String createStatement(Connection c, TableName table, TableShape layout) throws SQLException {
        Map<String, String> types = ColumnChanges.declaredTypes(c, RowSegments.last(c, table));
        return "CREATE TABLE " + table(table) + " (version BIGINT, " + layout.keyColumns().stream()
                .map(k -> identifier(k) + " " + types.get(k)).collect(Collectors.joining(", ")) + ")";
    }

    // Declared column by column, not CREATE TABLE AS ... LIMIT 0 (see ColumnChanges: such a table
    // filled in the same transaction may keep empty statistics the optimizer trusts).
    private static void createImages(Connection c, TableName table, TableShape layout) throws SQLException {
        Map<String, String> types = ColumnChanges.declaredTypes(c, RowSegments.last(c, table));
        List<String> definitions = new ArrayList<>(List.of(VERSION + " BIGINT"));
        for (Column column : layout.columns()) {
            definitions.add(identifier(column.name()) + " " + types.get(column.name()));
        }
        execute(c, "CREATE TABLE " + images(table) + " (" + String.join(", ", definitions) + ")");
    }

    private static String keys(TableShape layout) {
        return layout.keyColumns().stream().map(k -> identifier(k)).collect(Collectors.joining(", "));
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
