package io.graphstaging.core.usecase;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.port.GraphSchema;
import io.graphstaging.core.snapshot.GraphSnapshots;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Changes a graph database's schema (DDL, table drops) holding the whole graph, so that no
 * materialize of the graph runs meanwhile. With snapshots on, a change that created or dropped a
 * table is snapshotted before the graph is let go, as after a materialize, so that a node taking
 * the graph over does not bring back a dropped table or lose a new one.
 */
public final class ChangeGraphSchema {
    private final GraphSchema schema;
    private final TableLocks locks;
    private final GraphSnapshots snapshots;

    /** Without snapshots (a library or test that keeps none). */
    public ChangeGraphSchema(GraphSchema schema, TableLocks locks) {
        this(schema, locks, GraphSnapshots.off());
    }

    @Inject
    public ChangeGraphSchema(GraphSchema schema, TableLocks locks, GraphSnapshots snapshots) {
        this.schema = schema;
        this.locks = locks;
        this.snapshots = snapshots;
    }

    /** Runs CREATE NODE TABLE / CREATE REL TABLE statements, all or nothing; the tables created. */
    public CompletableFuture<List<String>> apply(GraphId graph, String ddl) {
        return locks.onGraph(graph, () -> snapshotIfChanged(graph, schema.apply(graph, ddl)));
    }

    /** Drops a graph table (and with {@code cascade} the relationship tables pointing at it); the tables dropped. */
    public CompletableFuture<List<String>> dropTable(GraphId graph, TableName table, boolean cascade) {
        return locks.onGraph(graph, () -> snapshotIfChanged(graph, schema.dropTable(graph, table, cascade)));
    }

    // Still holding the graph: the copy is of the graph as this change left it.
    private List<String> snapshotIfChanged(GraphId graph, List<String> changedTables) {
        if (!changedTables.isEmpty()) {
            snapshots.snapshot(graph);
        }
        return changedTables;
    }
}
