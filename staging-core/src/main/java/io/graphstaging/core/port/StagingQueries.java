package io.graphstaging.core.port;

import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.QueryChunk;
import io.graphstaging.core.model.QueryResult;
import io.graphstaging.core.model.SqlQuery;
import java.util.function.Consumer;

/**
 * User SQL against one graph's staging tables, sandboxed: read-only statements only, no file
 * access, no ATTACH, INSTALL, LOAD, SET or PRAGMA ({@code QUERY_FORBIDDEN}); SQL the engine
 * rejects is {@code INVALID_SQL}; a graph with no staging database is {@code GRAPH_NOT_FOUND}.
 * Cancelling the given {@link Cancellation} interrupts the engine and frees the connection; the
 * call then throws the code and reason given to {@link Cancellation#cancel}.
 */
public interface StagingQueries {

    /**
     * Runs the query and returns every row.
     *
     * @throws io.graphstaging.core.error.StagingException {@code INVALID_PARAMETER} when the
     *         result has more than {@code maxRows} rows
     */
    QueryResult query(GraphId graph, SqlQuery query, int maxRows, Cancellation cancellation);

    /**
     * Runs the query and hands the rows to {@code consumer} in chunks of at most
     * {@code chunkSize}, fetching as it goes: memory stays bounded by the chunk size. The last
     * chunk has {@code last = true} (an empty result gives one empty last chunk). An exception
     * from the consumer (a client that went away) stops the query, frees its connection and
     * propagates.
     */
    void stream(GraphId graph, SqlQuery query, int chunkSize, Cancellation cancellation, Consumer<QueryChunk> consumer);
}
