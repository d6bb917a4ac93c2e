package io.graphstaging.core.usecase;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.QueryChunk;
import io.graphstaging.core.model.QueryResult;
import io.graphstaging.core.model.SqlQuery;
import io.graphstaging.core.port.StagingQueries;
import jakarta.inject.Inject;
import java.util.function.Consumer;

/** Runs sandboxed user SQL against one graph, whole or streamed in chunks. */
public final class RunQuery {
    /** A non-streamed answer is held in memory; past this, clients must stream. */
    public static final int MAX_UNSTREAMED_ROWS = 100_000;
    public static final int MIN_CHUNK_SIZE = 10;
    public static final int MAX_CHUNK_SIZE = 10_000;

    private final StagingQueries queries;

    @Inject
    public RunQuery(StagingQueries queries) {
        this.queries = queries;
    }

    /** The whole answer; cancelling {@code cancellation} stops the query. */
    public QueryResult all(GraphId graph, SqlQuery query, Cancellation cancellation) {
        return queries.query(graph, query, MAX_UNSTREAMED_ROWS, cancellation);
    }

    /** The answer in chunks of {@code chunkSize} rows (10 to 10,000); cancelling stops the query. */
    public void stream(GraphId graph, SqlQuery query, int chunkSize, Cancellation cancellation,
                       Consumer<QueryChunk> consumer) {
        queries.stream(graph, query, requireChunkSize(chunkSize), cancellation, consumer);
    }

    /**
     * The one check of a chunk size, for callers that take it before they know whether the answer
     * streams (the HTTP route refuses a bad {@code chunk_size} either way).
     *
     * @throws StagingException {@code INVALID_PARAMETER} outside 10 to 10,000
     */
    public static int requireChunkSize(int chunkSize) {
        if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
            throw new StagingException(ErrorCode.INVALID_PARAMETER,
                    "chunk_size must be between " + MIN_CHUNK_SIZE + " and " + MAX_CHUNK_SIZE + ", was " + chunkSize);
        }
        return chunkSize;
    }
}
