package io.graphstaging.duckdb.table;

import static io.graphstaging.duckdb.sql.SqlText.identifier;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableShape;
import io.graphstaging.core.model.TypeWidening;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Brings a table's hidden per-file rows to an evolved shape in place: {@code ADD COLUMN} for a
 * new column (NULL in every staged row, no rewrite) and {@code SET DATA TYPE} for a widened one
 * (a lossless cast of that column). The caller recreates the visible view over the new columns.
 */
final class ColumnChanges {
    private ColumnChanges() {}

    static void apply(Connection c, TableName table, TableShape before, TableShape after) throws SQLException {
        String raw = StagingCatalog.rawTable(table);
        try (Statement s = c.createStatement()) {
            for (Column column : after.dataColumns()) {
                Optional<Column> old = before.columns().stream().filter(o -> o.name().equals(column.name())).findFirst();
                if (old.isEmpty()) {
                    s.execute("ALTER TABLE " + raw + " ADD COLUMN " + identifier(column.name()) + " "
                            + typeOf(table, column));
                } else if (!TypeWidening.normal(old.get().type()).equals(TypeWidening.normal(column.type()))) {
                    s.execute("ALTER TABLE " + raw + " ALTER COLUMN " + identifier(column.name()) + " SET DATA TYPE "
                            + typeOf(table, column));
                }
            }
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
