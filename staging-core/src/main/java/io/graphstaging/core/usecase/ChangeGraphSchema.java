package io.graphstaging.core.usecase;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.port.GraphSchema;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Changes a graph database's schema (DDL, table drops) holding the whole graph, so that no
 * materialize of the graph runs meanwhile.
 */
public final class ChangeGraphSchema {
    private final GraphSchema schema;
    private final TableLocks locks;

    @Inject
    public ChangeGraphSchema(GraphSchema schema, TableLocks locks) {
        this.schema = schema;
        this.locks = locks;
    }

    /** Runs CREATE NODE TABLE / CREATE REL TABLE statements, all or nothing; the tables created. */
    public CompletableFuture<List<String>> apply(GraphId graph, String ddl) {
        return locks.onGraph(graph, () -> schema.apply(graph, ddl));
    }

    /** Drops a graph table (and with {@code cascade} the relationship tables pointing at it); the tables dropped. */
    public CompletableFuture<List<String>> dropTable(GraphId graph, TableName table, boolean cascade) {
        return locks.onGraph(graph, () -> schema.dropTable(graph, table, cascade));
    }
}
