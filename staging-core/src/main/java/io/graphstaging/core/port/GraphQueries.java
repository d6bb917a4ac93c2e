package io.graphstaging.core.port;

import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.CypherQuery;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.QueryChunk;
import java.util.function.Consumer;

/**
 * User Cypher against one graph's graph database, read-only, sandboxed and bounded.
 *
 * <ul>
 *   <li>Only one read-only query statement runs. Anything else (writes, DDL, COPY, LOAD FROM,
 *       EXPORT/IMPORT DATABASE, ATTACH/USE, extensions, transactions, CALL of procedures or table
 *       functions, several statements, the sink's hidden tables) is {@code QUERY_FORBIDDEN},
 *       refused before it runs.
 *   <li>Cypher the engine rejects is {@code INVALID_CYPHER}; a parameter it cannot bind is
 *       {@code INVALID_PARAMETER} naming it.
 *   <li>A graph with no graph database is {@code GRAPH_NOT_FOUND}, and none is created.
 *   <li>Cancelling the {@link Cancellation} interrupts the engine; the call then throws the
 *       cancellation's code and reason. Running queries share the server's query threads.
 *   <li>Values are JDK types as {@link io.graphstaging.core.model.QueryResult} lists them, plus
 *       {@link io.graphstaging.core.model.IntervalValue} and UUID; nodes and relationships are
 *       maps of their properties with {@code _label} and {@code _id} ({@code _src}, {@code _dst}).
 * </ul>
 */
public interface GraphQueries {

    /**
     * Runs the query and hands the rows to {@code consumer} in chunks of at most
     * {@code chunkSize}, as {@link StagingQueries#stream} does (one empty last chunk for an empty
     * result; an exception from the consumer stops the query and propagates unchanged).
     */
    void stream(GraphId graph, CypherQuery query, int chunkSize, Cancellation cancellation, Consumer<QueryChunk> consumer);
}
