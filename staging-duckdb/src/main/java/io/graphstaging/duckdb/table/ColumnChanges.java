package io.graphstaging.duckdb.table;

import static io.graphstaging.duckdb.sql.SqlText.identifier;
import static io.graphstaging.duckdb.table.HiddenColumns.LIVE;
import static io.graphstaging.duckdb.table.HiddenColumns.ROW;
import static io.graphstaging.duckdb.table.HiddenColumns.SEQ;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableShape;
import io.graphstaging.core.model.TypeWidening;
import io.graphstaging.duckdb.sql.StagingSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Brings a table's hidden rows to an evolved shape without touching the rows staged so far: a
 * widened column is cast in place ({@code SET DATA TYPE}, a lossless cast of that column) in
 * every segment that has it, and new columns start a new, empty {@link RowSegments segment} with
 * the whole new shape (declared column by column), where the rows being appended go (earlier segments lack the column, so
 * their rows read NULL in it). The caller recreates the visible view over the new columns.
 */
final class ColumnChanges {
    private ColumnChanges() {}

    static void apply(Connection c, TableName table, TableShape before, TableShape after) throws SQLException {
        List<Column> added = new ArrayList<>();
        for (Column column : after.columns()) {
            Optional<Column> old = before.columns().stream().filter(o -> o.name().equals(column.name())).findFirst();
            if (old.isEmpty()) {
                added.add(new Column(column.name(), typeOf(table, column)));
            } else if (!TypeWidening.normal(old.get().type()).equals(TypeWidening.normal(column.type()))) {
                widen(c, table, column);
            }
        }
        if (added.isEmpty()) {
            return;
        }
        // Declared, not CREATE TABLE AS ... LIMIT 0: on DuckDB 2.0 a table made that way and then filled
        // by a large insert in the same transaction keeps empty column statistics, and the optimizer
        // answers count/min/max and filters from them (no rows seen). Existing columns keep the
        // engine's own type text; added ones are plain types.
        Map<String, String> types = declaredTypes(c, RowSegments.last(c, table));
        List<String> definitions = new ArrayList<>();
        for (Column column : after.columns()) {
            String type = types.containsKey(column.name()) ? types.get(column.name())
                    : added.stream().filter(a -> a.name().equals(column.name())).findFirst().orElseThrow().type();
            definitions.add(identifier(column.name()) + " " + type);
        }
        for (String hidden : List.of(SEQ, ROW, LIVE)) {
            definitions.add(identifier(hidden) + " " + types.get(hidden));
        }
        RowSegments.start(c, table, definitions);
    }

    /** Each column of a segment with its type as the engine writes it. */
    static Map<String, String> declaredTypes(Connection c, String segment) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type FROM duckdb_columns()"
                + " WHERE table_oid = (SELECT table_oid FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?)")) {
            ps.setString(1, StagingSchema.NAME);
            ps.setString(2, RowSegments.unquoted(segment));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return types;
    }

    private static void widen(Connection c, TableName table, Column column) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String segment : RowSegments.all(c, table)) {
                if (has(s, segment, column.name())) {
                    s.execute("ALTER TABLE " + segment + " ALTER COLUMN " + identifier(column.name()) + " SET DATA TYPE "
                            + typeOf(table, column));
                }
            }
        }
    }

    private static boolean has(Statement s, String segment, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + segment + " LIMIT 0")) {
            return StagingCatalog.columnsOf(rs.getMetaData()).stream().anyMatch(col -> col.name().equals(name));
        }
    }

    private static String typeOf(TableName table, Column column) {
        try {
            return SourceFiles.castType(column.type());
        } catch (StagingException e) {
            throw new StagingException(ErrorCode.SCHEMA_MISMATCH, "Column '" + column.name() + "' of type "
                    + column.type() + " cannot be added to table " + table + " by evolve: only plain types can", e);
        }
    }
}
