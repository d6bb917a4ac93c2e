package io.graphstaging.ladybug.sink;

import io.graphstaging.ladybug.binding.Connection;
import io.graphstaging.ladybug.binding.LadybugException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Graph tables a materialize created and has not finished filling. The mark is committed before
 * the table is created and cleared once the copy is done (or the table dropped again), so a
 * process killed in between leaves a mark: when the graph's database next opens, the marked
 * table is dropped. A table without a mark (one the schema routes made, one a cascade emptied,
 * one an earlier materialize finished) is the user's and is never dropped here.
 */
final class UnfinishedTables {
    private static final Logger LOG = LoggerFactory.getLogger(UnfinishedTables.class);
    private static final String KEY_PREFIX = "unfinished_table:";

    private UnfinishedTables() {}

    /** Marks {@code table} before the caller creates it. */
    static void begin(Connection connection, String table) {
        SinkRecords.put(connection, KEY_PREFIX + table, "");
    }

    /** Clears the mark: the table is filled, or dropped again. */
    static void finish(Connection connection, String table) {
        SinkRecords.remove(connection, KEY_PREFIX + table);
    }

    /**
     * Drops {@code table} after {@code cause} stopped its filling and clears its mark, leaving the
     * graph as it was; a failure to do so is attached to {@code cause}, which the caller throws (the
     * table then keeps its mark, and is dropped when the database next opens).
     */
    static void dropAfter(Connection connection, String table, RuntimeException cause) {
        try {
            connection.execute("DROP TABLE IF EXISTS " + Cypher.identifier(table));
            finish(connection, table);
        } catch (LadybugException dropFailure) {
            cause.addSuppressed(dropFailure);
        }
    }

    /** Drops every marked table (a killed materialize's) and clears its mark. */
    static void dropLeftovers(Connection connection) {
        for (String key : SinkRecords.withPrefix(connection, KEY_PREFIX).keySet()) {
            String table = key.substring(KEY_PREFIX.length());
            LOG.warn("Dropping graph table {}: a materialize created it and did not finish", table);
            connection.execute("DROP TABLE IF EXISTS " + Cypher.identifier(table));
            SinkRecords.remove(connection, key);
        }
    }
}
