package io.graphstaging.ladybug.sink;

import io.graphstaging.core.model.GraphTableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.core.sync.ParquetFile;
import io.graphstaging.ladybug.binding.Connection;
import java.util.List;
import java.util.Optional;

/**
 * A rebuild that keeps the old graph table until the new one is complete. The rows are copied
 * into a new table beside it, {@code $rebuild_<name>} (the sink's prefix: no listing shows it),
 * with the old table's definition and the staged columns it lacks (a relationship table: the
 * same {@code FROM}/{@code TO}). Then one transaction swaps: it drops the relationship tables
 * pointing at a node table (empty, or emptied by {@code cascade}: the engine drops no node
 * table they point at), the old table and the sync records of all of them, renames the new
 * table to the old name and creates the relationship tables again, empty.
 *
 * <p>Until that commit the old table, its rows and its sync record are untouched: a copy the
 * engine refuses, a cancel (the engine interrupted mid-copy) or any failure drops the new table
 * again; a cancel once the swap commits is too late ({@link EngineInterrupts#pointOfNoReturn}).
 * The new table is marked unfinished ({@link UnfinishedTables}) from before it exists to
 * the swap's commit, so a process killed in between leaves a table that is dropped when the
 * database next opens. The price: the database holds both copies until the swap, on disk and
 * in the buffer pool's index of the new keys.
 */
final class GraphTableRebuild {
    private static final String PREFIX = SinkRecords.PREFIX + "rebuild_";

    /** What the rebuild did: the copy into the new table, the rows the old one held, the tables a cascade emptied. */
    record Rebuilt(TableCopy.Copied copied, long deleted, List<String> emptiedTables) {}

    private GraphTableRebuild() {}

    /**
     * Replaces {@code old} by a table holding exactly the rows of {@code inserts}.
     *
     * @param old the graph table as the write leaves it (staged columns it lacks included)
     * @throws io.graphstaging.core.error.StagingException {@code TABLE_IN_USE} before anything is
     *         written, for a node table that relationship rows point at, without cascade; the
     *         copy's errors ({@link TableCopy}), the old table kept
     */
    static Rebuilt run(Connection connection, TableCopy copy, TableSchema schema, GraphTable old, ParquetFile inserts,
                       boolean cascade, boolean ignoreErrors, EngineInterrupts interrupts) {
        List<GraphTable> pointing = old.kind() == GraphTableKind.NODE
                ? GraphTableEmptying.pointingAt(connection, old.name()) : List.of();
        List<String> withRows = GraphTableEmptying.withRows(connection, pointing);
        if (!withRows.isEmpty() && !cascade) {
            throw GraphTableEmptying.inUse(old.name(), withRows);
        }
        long rows = GraphCatalog.rowCount(connection, old.name(), old.kind());
        String building = PREFIX + old.name();
        GraphTable fresh = new GraphTable(building, old.kind(), old.properties(), old.primaryKey(), old.endpoints());
        Optional<TableName> from = old.endpoints().map(e -> TableName.of(e.fromTable()));
        Optional<TableName> to = old.endpoints().map(e -> TableName.of(e.toTable()));
        LoadPlan plan = LoadPlan.forExisting(fresh, schema, from, to);
        // Committed before the table exists: a process killed from here on leaves the mark.
        UnfinishedTables.begin(connection, building);
        TableCopy.Copied copied;
        try {
            connection.execute("DROP TABLE IF EXISTS " + Cypher.identifier(building));
            connection.execute(GraphTableEmptying.definition(fresh));
            copied = copy.run(connection, schema, plan, inserts.path(), inserts.rowCount(), true, ignoreErrors);
            swap(connection, old, building, pointing, interrupts);
        } catch (RuntimeException e) {
            UnfinishedTables.dropAfter(connection, building, e);
            throw e;
        }
        return new Rebuilt(copied, rows, withRows);
    }

    private static void swap(Connection connection, GraphTable old, String building, List<GraphTable> pointing,
                             EngineInterrupts interrupts) {
        connection.execute("BEGIN TRANSACTION");
        try {
            for (GraphTable relationship : pointing) {
                SyncRecords.discard(connection, relationship.name());
                connection.execute("DROP TABLE " + Cypher.identifier(relationship.name()));
            }
            SyncRecords.discard(connection, old.name());
            connection.execute("DROP TABLE " + Cypher.identifier(old.name()));
            connection.execute("ALTER TABLE " + Cypher.identifier(building) + " RENAME TO " + Cypher.identifier(old.name()));
            for (GraphTable relationship : pointing) {
                connection.execute(GraphTableEmptying.definition(relationship));
            }
            UnfinishedTables.finish(connection, building);
            // A cancel heard until here rolls the swap back; from the commit on it is too late.
            interrupts.pointOfNoReturn();
            connection.execute("COMMIT");
        } catch (RuntimeException e) {
            EngineTransactions.rollback(connection, e);
            throw e;
        }
    }
}
