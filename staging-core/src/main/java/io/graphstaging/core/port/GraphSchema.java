package io.graphstaging.core.port;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphTableSchema;
import io.graphstaging.core.model.TableName;
import java.util.List;

/**
 * The schema of each graph's graph database, and its removal. Throws only
 * {@link io.graphstaging.core.error.StagingException}; the sink's own hidden tables are never
 * listed, created or dropped here.
 */
public interface GraphSchema {

    /**
     * Runs {@code ddl}: one or more {@code CREATE NODE TABLE} / {@code CREATE REL TABLE}
     * statements, all or nothing (a statement that fails leaves none applied). Creates the
     * graph database when it does not exist.
     *
     * @return the tables created, in order
     * @throws io.graphstaging.core.error.StagingException {@code INVALID_SCHEMA} naming a
     *         statement of another kind (checked before anything runs) or the engine's reason
     *         for one it refuses
     */
    List<String> apply(GraphId graph, String ddl);

    /** The graph's node and relationship tables; empty for a graph with no graph database (none is created). */
    List<GraphTableSchema> describe(GraphId graph);

    /**
     * Drops one graph table. A node table that relationship tables point at is only dropped
     * with {@code cascade}, which drops those relationship tables first.
     *
     * @return the tables dropped: the relationship tables, then the table
     * @throws io.graphstaging.core.error.StagingException {@code TABLE_NOT_FOUND} when the graph
     *         has no such table; {@code TABLE_IN_USE} naming the relationship tables without
     *         {@code cascade}
     */
    List<String> dropTable(GraphId graph, TableName table, boolean cascade);

    /**
     * Removes the graph's graph database (closed first when open; work on it finishes first).
     *
     * @return whether there was one
     */
    boolean dropGraph(GraphId graph);
}
