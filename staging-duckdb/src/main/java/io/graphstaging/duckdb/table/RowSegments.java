package io.graphstaging.duckdb.table;

import io.graphstaging.core.model.TableName;
import io.graphstaging.duckdb.sql.SqlText;
import io.graphstaging.duckdb.sql.StagingSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a staging table's hidden rows live: one or more segments, {@code _staging."rows:<t>"}
 * first, then {@code "rows:<t>#1"}, {@code "rows:<t>#2"}... An append whose file adds columns
 * starts a new segment with the new shape instead of {@code ALTER TABLE ... ADD COLUMN} on the
 * rows staged so far: the engine's ADD COLUMN writes a NULL for every staged row and its next
 * checkpoint writes that column for every row group, a cost that follows the table, not the file
 * (measured in {@code SchemaEvolutionBenchmark}). Readers see the segments as one relation
 * (UNION ALL BY NAME: a column a segment lacks reads NULL); a table with one segment reads its
 * table directly. New rows always go to the last segment.
 */
final class RowSegments {
    private static final String SEPARATOR = "#";

    private RowSegments() {}

    /** Every segment of the table, oldest first (quoted names); empty when the table has no rows table. */
    static List<String> all(Connection c, TableName table) throws SQLException {
        return names(c, table).stream().map(RowSegments::quoted).toList();
    }

    private static List<String> names(Connection c, TableName table) throws SQLException {
        String first = StagingCatalog.rawName(table).toLowerCase(Locale.ROOT);
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT table_name FROM duckdb_tables() WHERE schema_name = ?"
                + " AND (lower(table_name) = ? OR starts_with(lower(table_name), ?))")) {
            ps.setString(1, StagingSchema.NAME);
            ps.setString(2, first);
            ps.setString(3, first + SEPARATOR);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names.stream().sorted(Comparator.comparingLong(RowSegments::number)).toList();
    }

    /** The segment new rows go to. */
    static String last(Connection c, TableName table) throws SQLException {
        List<String> segments = all(c, table);
        return segments.isEmpty() ? StagingCatalog.rawTable(table) : segments.get(segments.size() - 1);
    }

    /** Every hidden row of the table as one relation, for a FROM clause. */
    static String rows(Connection c, TableName table) throws SQLException {
        List<String> segments = all(c, table);
        if (segments.size() <= 1) {
            return StagingCatalog.rawTable(table);
        }
        return segments.stream().map(s -> "SELECT * FROM " + s)
                .collect(Collectors.joining(" UNION ALL BY NAME ", "(", ")"));
    }

    /** Starts a new, empty last segment with these column definitions ({@code "name" TYPE}). */
    static void start(Connection c, TableName table, List<String> definitions) throws SQLException {
        List<String> segments = names(c, table);
        long next = segments.isEmpty() ? 0 : number(segments.get(segments.size() - 1)) + 1;
        String name = StagingCatalog.rawName(table) + (next == 0 ? "" : SEPARATOR + next);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + quoted(name) + " (" + String.join(", ", definitions) + ")");
        }
    }

    /** A segment's table name without schema and quotes. */
    static String unquoted(String segment) {
        String name = segment.substring(segment.indexOf("\".\"") + 3, segment.length() - 1);
        return name.replace("\"\"", "\"");
    }

    /** Drops every segment. */
    static void drop(Connection c, TableName table) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String segment : all(c, table)) {
                s.execute("DROP TABLE " + segment);
            }
        }
    }

    /** The number after the separator; the first segment (no separator) is 0. */
    private static long number(String name) {
        int at = name.lastIndexOf(SEPARATOR);
        return at < 0 ? 0 : Long.parseLong(name.substring(at + 1));
    }

    private static String quoted(String name) {
        return SqlText.identifier(StagingSchema.NAME) + "." + SqlText.identifier(name);
    }
}
