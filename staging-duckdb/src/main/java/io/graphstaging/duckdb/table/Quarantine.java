package io.graphstaging.duckdb.table;

import io.graphstaging.core.model.QuarantinePage;
import io.graphstaging.core.model.QuarantinedRow;
import io.graphstaging.core.model.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The rows a {@code quarantine} contract kept aside, per table in a hidden table
 * {@code _staging."quarantine:<t>"} of (file sequence, file key, file id, row number, reason,
 * the source row as JSON). Created with the first quarantined row; rows belong to their file and
 * go with it (replaced, deleted, or the whole table recreated or dropped).
 */
final class Quarantine {
    private Quarantine() {}

    static String table(TableName table) {
        return StagingCatalog.hiddenTable("quarantine", table);
    }

    /**
     * Keeps the rows of {@code select} (columns: seq, file_key, file_id, row_number, reason,
     * row_values) aside; returns how many.
     */
    static long insert(Connection c, TableName table, String select) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table(table) + " (seq BIGINT NOT NULL, file_key VARCHAR NOT NULL,"
                    + " file_id VARCHAR, row_number BIGINT NOT NULL, reason VARCHAR NOT NULL, row_values VARCHAR)");
            return s.executeLargeUpdate("INSERT INTO " + table(table) + " " + select);
        }
    }

    /** Removes the quarantined rows of these files (by provenance key). */
    static void removeFiles(Connection c, TableName table, Collection<String> fileKeys) throws SQLException {
        if (fileKeys.isEmpty() || !exists(c, table)) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table(table) + " WHERE file_key = ?")) {
            for (String key : fileKeys) {
                ps.setString(1, key);
                ps.executeUpdate();
            }
        }
    }

    static void drop(Connection c, TableName table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table(table));
        }
    }

    /** How many rows are kept aside for the table. */
    static long count(Connection c, TableName table) throws SQLException {
        if (!exists(c, table)) {
            return 0;
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A page ordered by file (staging order) and row. */
    static QuarantinePage page(Connection c, TableName table, long limit, long offset) throws SQLException {
        if (!exists(c, table)) {
            return new QuarantinePage(0, List.of());
        }
        long total = count(c, table);
        List<QuarantinedRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT file_key, file_id, row_number, reason, row_values FROM "
                + table(table) + " ORDER BY seq, row_number LIMIT ? OFFSET ?")) {
            ps.setLong(1, limit);
            ps.setLong(2, offset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new QuarantinedRow(rs.getString(1), Optional.ofNullable(rs.getString(2)), rs.getLong(3),
                            rs.getString(4), Optional.ofNullable(rs.getString(5)).orElse("{}")));
                }
            }
        }
        return new QuarantinePage(total, rows);
    }

    private static boolean exists(Connection c, TableName table) throws SQLException {
        return StagingCatalog.hiddenTableExists(c, "quarantine", table);
    }
}
