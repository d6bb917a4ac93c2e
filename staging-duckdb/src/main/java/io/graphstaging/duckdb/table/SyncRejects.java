package io.graphstaging.duckdb.table;

import static io.graphstaging.duckdb.sql.SqlText.literal;

import io.graphstaging.core.model.TableName;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The rejects of a table's last materialize, kept in the staging database as a hidden table
 * {@code _staging."rejects:<t>"} (key columns, {@code file_id}, {@code reason}),
 * replaced by the next materialize that writes, dropped with the table.
 */
final class SyncRejects {
    private SyncRejects() {}

    static String table(TableName table) {
        return StagingCatalog.hiddenTable("rejects", table);
    }

    static boolean exists(Connection c, TableName table) throws SQLException {
        return StagingCatalog.hiddenTableExists(c, "rejects", table);
    }

    static void replace(Connection c, TableName table, Path rejects) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE OR REPLACE TABLE " + table(table) + " AS SELECT * FROM read_parquet("
                    + literal(rejects.toString()) + ")");
        }
    }

    static void drop(Connection c, TableName table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table(table));
        }
    }
}
