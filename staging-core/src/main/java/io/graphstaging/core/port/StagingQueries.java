package io.graphstaging.core.port;

import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.QueryChunk;
import io.graphstaging.core.model.SqlQuery;
import java.util.function.Consumer;

/**
 * User SQL against one graph's staging tables, sandboxed and bounded.
 *
 * <ul>
 *   <li>Only read-only statements over the graph's own tables run; anything else (writes, file
 *       access, ATTACH, INSTALL, LOAD, SET, PRAGMA, the store's hidden tables, functions outside
 *       the allowed ones) is {@code QUERY_FORBIDDEN}.
 *   <li>SQL the engine rejects is {@code INVALID_SQL}; a parameter that cannot be bound exactly
 *       (missing, extra, a number beyond what the engine holds) is {@code INVALID_PARAMETER}
 *       naming it.
 *   <li>A graph with no staging database is {@code GRAPH_NOT_FOUND}, and none is created.
 *   <li>Cancelling the {@link Cancellation} stops the query within a second, wherever it is
 *       (waiting, running in the engine, between chunks), and frees what it held; the call then
 *       throws the cancellation's code and reason.
 *   <li>Running queries share the server's query threads ({@code QueryThreads}).
 * </ul>
 */
public interface StagingQueries {

    /**
     * Runs the query and hands the rows to {@code consumer} in chunks of at most
     * {@code chunkSize}, fetching as it goes: memory stays bounded by the chunk size. The last
     * chunk has {@code last = true} (an empty result gives one empty last chunk); chunks are
     * numbered from 0. An exception from the consumer (a client that went away, an answer too
     * large) stops the query, frees its connection and propagates unchanged.
     *
     * @throws io.graphstaging.core.error.StagingException {@code INVALID_PARAMETER} when
     *         {@code chunkSize} is not positive
     */
    void stream(GraphId graph, SqlQuery query, int chunkSize, Cancellation cancellation, Consumer<QueryChunk> consumer);
}
